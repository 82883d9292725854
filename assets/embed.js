/*! presseradar embed: renders a curated feed into <div data-presseradar-feed="ID">.
 * Usage: <div data-presseradar-feed="ost" data-limit="5" data-theme="dark"></div>
 *        <script src="https://PRESSERADAR/embed.js" async></script>
 * Colours and font follow the CSS custom properties --pr-font, --pr-color, --pr-link,
 * --pr-bg, --pr-muted and --pr-border, set on the div or any ancestor.
 * Feed data only ever reaches the page as text (textContent) or as an http(s) href. */
(function () {
  'use strict';

  var DEFAULT_LIMIT = 10;
  var MAX_LIMIT = 50;
  var STYLE_ID = 'presseradar-embed-style';
  var STATE_NAMES = {
    BW: 'Baden-Württemberg', BY: 'Bayern', BE: 'Berlin', BB: 'Brandenburg',
    HB: 'Bremen', HH: 'Hamburg', HE: 'Hessen', MV: 'Mecklenburg-Vorpommern',
    NI: 'Niedersachsen', NW: 'Nordrhein-Westfalen', RP: 'Rheinland-Pfalz',
    SL: 'Saarland', SN: 'Sachsen', ST: 'Sachsen-Anhalt', SH: 'Schleswig-Holstein',
    TH: 'Thüringen'
  };
  // The dark theme changes only the defaults, so properties the host sets still win.
  var CSS = [
    '.presseradar-embed{font-family:var(--pr-font,inherit);color:var(--pr-color,inherit);',
    'background:var(--pr-bg,transparent);line-height:1.4}',
    '.presseradar-embed.presseradar-dark{color:var(--pr-color,#e6e6e6);background:var(--pr-bg,#17191c);',
    'padding:.25em .75em}',
    '.presseradar-embed ul{list-style:none;margin:0;padding:0}',
    '.presseradar-embed li{padding:.5em 0;border-bottom:1px solid var(--pr-border,#d8dee4)}',
    '.presseradar-dark li{border-bottom-color:var(--pr-border,#3a3f45)}',
    '.presseradar-embed li:last-child{border-bottom:0}',
    '.presseradar-embed a{color:var(--pr-link,#0b57d0);font-weight:600;text-decoration:none}',
    '.presseradar-dark a{color:var(--pr-link,#8ab4f8)}',
    '.presseradar-embed a:hover,.presseradar-embed a:focus{text-decoration:underline}',
    '.presseradar-meta,.presseradar-message{font-size:.85em;color:var(--pr-muted,#59636e)}',
    '.presseradar-dark .presseradar-meta,.presseradar-dark .presseradar-message{color:var(--pr-muted,#a0a7b0)}',
    '.presseradar-state{display:inline-block;font-size:.75em;font-weight:600;padding:0 .35em;',
    'margin-left:.3em;border:1px solid var(--pr-border,#d8dee4);border-radius:.3em}'
  ].join('\n');

  var script = document.currentScript;
  if (!script || !script.src) {
    return;
  }
  var origin;
  try {
    origin = new URL(script.src).origin;
  } catch (e) {
    return;
  }

  function addStyle() {
    if (document.getElementById(STYLE_ID)) {
      return;
    }
    var style = document.createElement('style');
    style.id = STYLE_ID;
    style.textContent = CSS;
    (document.head || document.documentElement).appendChild(style);
  }

  function httpUrl(text) {
    if (typeof text !== 'string') {
      return null;
    }
    try {
      var url = new URL(text);
      return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : null;
    } catch (e) {
      return null;
    }
  }

  function pad(n) {
    return (n < 10 ? '0' : '') + n;
  }

  // "07.12.2025" in German time, like the server-rendered embed.
  function germanDate(text) {
    var date = new Date(text);
    if (typeof text !== 'string' || isNaN(date.getTime())) {
      return null;
    }
    try {
      return date.toLocaleDateString('de-DE', {
        day: '2-digit', month: '2-digit', year: 'numeric', timeZone: 'Europe/Berlin'
      });
    } catch (e) {
      return pad(date.getDate()) + '.' + pad(date.getMonth() + 1) + '.' + date.getFullYear();
    }
  }

  function element(tag, className, text) {
    var node = document.createElement(tag);
    if (className) {
      node.className = className;
    }
    if (text !== undefined) {
      node.textContent = text;
    }
    return node;
  }

  function showMessage(container, text) {
    while (container.firstChild) {
      container.removeChild(container.firstChild);
    }
    container.appendChild(element('p', 'presseradar-message', text));
  }

  function renderItem(item) {
    var li = element('li', 'presseradar-item');
    var title = typeof item.title === 'string' && item.title.trim() ? item.title : '(ohne Titel)';
    var href = httpUrl(item.url);
    if (href) {
      var link = element('a', null, title);
      link.setAttribute('href', href);
      link.setAttribute('target', '_blank');
      link.setAttribute('rel', 'noopener');
      li.appendChild(link);
    } else {
      li.appendChild(element('span', 'presseradar-title', title));
    }
    var meta = element('div', 'presseradar-meta');
    var parts = [];
    var shown = germanDate(item.date_published);
    if (shown) {
      var time = element('time', null, shown);
      time.setAttribute('datetime', item.date_published);
      parts.push(time);
    }
    var author = Array.isArray(item.authors) && item.authors[0];
    if (author && typeof author.name === 'string' && author.name.trim()) {
      parts.push(element('span', 'presseradar-source', author.name.trim()));
    }
    parts.forEach(function (part, index) {
      if (index > 0) {
        meta.appendChild(document.createTextNode(' · '));
      }
      meta.appendChild(part);
    });
    var extension = item._presseradar || {};
    (Array.isArray(extension.states) ? extension.states : []).forEach(function (code) {
      if (Object.prototype.hasOwnProperty.call(STATE_NAMES, code)) {
        var badge = element('abbr', 'presseradar-state', code);
        badge.setAttribute('title', STATE_NAMES[code]);
        meta.appendChild(badge);
      }
    });
    li.appendChild(meta);
    return li;
  }

  function renderFeed(container, feed, limit) {
    var items = feed && Array.isArray(feed.items) ? feed.items.slice(0, limit) : [];
    if (!items.length) {
      showMessage(container, 'Zurzeit keine Meldungen.');
      return;
    }
    var list = element('ul', 'presseradar-list');
    items.forEach(function (item) {
      if (item && typeof item === 'object') {
        list.appendChild(renderItem(item));
      }
    });
    while (container.firstChild) {
      container.removeChild(container.firstChild);
    }
    container.appendChild(list);
  }

  function limitOf(container) {
    var n = parseInt(container.getAttribute('data-limit'), 10);
    if (isNaN(n)) {
      return DEFAULT_LIMIT;
    }
    return Math.min(Math.max(n, 1), MAX_LIMIT);
  }

  function load(container) {
    if (container.getAttribute('data-presseradar-state')) {
      return; // already handled, e.g. when the script is included twice
    }
    container.setAttribute('data-presseradar-state', 'loading');
    container.classList.add('presseradar-embed');
    if (container.getAttribute('data-theme') === 'dark') {
      container.classList.add('presseradar-dark');
    }
    var id = container.getAttribute('data-presseradar-feed') || '';
    if (!/^[a-z0-9-]+$/.test(id)) {
      container.setAttribute('data-presseradar-state', 'error');
      showMessage(container, 'Unbekannter Feed.');
      return;
    }
    fetch(origin + '/feeds/' + id + '.json', { credentials: 'omit' })
      .then(function (response) {
        if (!response.ok) {
          throw new Error('HTTP ' + response.status);
        }
        return response.json();
      })
      .then(function (feed) {
        renderFeed(container, feed, limitOf(container));
        container.setAttribute('data-presseradar-state', 'done');
      })
      .catch(function () {
        container.setAttribute('data-presseradar-state', 'error');
        showMessage(container, 'Meldungen konnten nicht geladen werden.');
      });
  }

  function start() {
    addStyle();
    var containers = document.querySelectorAll('[data-presseradar-feed]');
    Array.prototype.forEach.call(containers, load);
  }

  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', start);
  } else {
    start();
  }
})();
