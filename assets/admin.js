// presseradar desk: keyboard shortcuts for the review queue. The pages work without it;
// every shortcut only submits a row's own form or follows its link.
// j/k move the selection, a approves, p prunes, o or Enter opens the item page.
(function () {
  "use strict";

  var current = -1;

  function rows() {
    return Array.prototype.slice.call(document.querySelectorAll("tr.item[data-id]"));
  }

  function select(index) {
    var list = rows();
    if (list.length === 0) {
      return;
    }
    current = Math.max(0, Math.min(list.length - 1, index));
    list.forEach(function (row, n) {
      var on = n === current;
      row.classList.toggle("selected", on);
      row.setAttribute("aria-selected", on ? "true" : "false");
    });
    list[current].scrollIntoView({ block: "nearest" });
  }

  function selectedRow() {
    return rows()[current] || null;
  }

  function submitRow(action) {
    var row = selectedRow();
    if (!row) {
      return;
    }
    var form = row.querySelector('form[data-action="' + action + '"]');
    if (form) {
      form.submit();
    }
  }

  function typing(target) {
    if (!target || !target.tagName) {
      return false;
    }
    return target.isContentEditable || /^(INPUT|TEXTAREA|SELECT|BUTTON|A)$/.test(target.tagName);
  }

  document.addEventListener("keydown", function (event) {
    if (event.ctrlKey || event.metaKey || event.altKey || typing(event.target)) {
      return;
    }
    switch (event.key) {
      case "j":
        select(current + 1);
        break;
      case "k":
        select(current < 0 ? 0 : current - 1);
        break;
      case "a":
        submitRow("approve");
        break;
      case "p":
        submitRow("prune");
        break;
      case "o":
      case "Enter": {
        var row = selectedRow();
        if (!row) {
          return;
        }
        window.location.href = row.getAttribute("data-href");
        break;
      }
      default:
        return;
    }
    event.preventDefault();
  });
})();
