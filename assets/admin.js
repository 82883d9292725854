// presseradar desk: keyboard shortcuts and select-all for the review queue. The pages
// work without it; every shortcut only submits a story's own form or follows its link.
// j/k move the selection, a approves, p prunes, x ticks, o or Enter opens, ? shows help.
(function () {
  "use strict";

  var current = -1;

  function rows() {
    return Array.prototype.slice.call(document.querySelectorAll(".item[data-id]"));
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

  function toggleHelp() {
    var help = document.getElementById("keys");
    if (help) {
      help.open = !help.open;
      if (help.open) {
        help.scrollIntoView({ block: "nearest" });
      }
    }
  }

  document.addEventListener("change", function (event) {
    if (event.target && event.target.id === "select-all") {
      var on = event.target.checked;
      document.querySelectorAll('input.pick[name="ids"]').forEach(function (box) {
        box.checked = on;
      });
    }
  });

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
      case "x": {
        var picked = selectedRow();
        var box = picked && picked.querySelector("input.pick");
        if (box) {
          box.checked = !box.checked;
        }
        break;
      }
      case "?":
        toggleHelp();
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
