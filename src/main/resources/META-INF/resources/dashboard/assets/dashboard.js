// The dashboard's own script, beside htmx: htmx's settings, the CSRF header on every request, and how a refused
// request is shown. Messages are put in the page as text (textContent), never as HTML.
(function () {
  'use strict';
  // The Content-Security-Policy allows no inline style and no eval: htmx needs neither.
  htmx.config.includeIndicatorStyles = false;
  htmx.config.allowEval = false;
  htmx.config.allowScriptTags = false;
  htmx.config.selfRequestsOnly = true;
  htmx.config.historyCacheSize = 0;
  // Every element says where its answer goes: a form inside a region that reloads itself must not inherit how
  // that region swaps.
  htmx.config.disableInheritance = true;

  var token = document.querySelector('meta[name="reprise-csrf"]').content;
  document.addEventListener('htmx:configRequest', function (event) {
    event.detail.headers['X-Reprise-CSRF'] = token;
  });

  function show(text, kind) {
    var flash = document.getElementById('flash');
    var line = document.createElement('p');
    line.className = kind;
    line.textContent = text;
    flash.replaceChildren(line);
  }

  // Refusals come as the management API's JSON {error, message}, or as a small HTML page: show their text.
  document.addEventListener('htmx:responseError', function (event) {
    var xhr = event.detail.xhr;
    var text = 'HTTP ' + xhr.status + ' ' + (xhr.statusText || '');
    try {
      if ((xhr.getResponseHeader('Content-Type') || '').indexOf('json') >= 0) {
        var body = JSON.parse(xhr.responseText);
        text = (body.error ? body.error + ': ' : '') + (body.message || text);
      } else if (xhr.responseText) {
        text = new DOMParser().parseFromString(xhr.responseText, 'text/html').body.textContent.trim() || text;
      }
    } catch (unreadable) {
      // keep the status line
    }
    show(text, 'error');
  });
  document.addEventListener('htmx:sendError', function () {
    show('The service did not answer. Is it running?', 'error');
  });
})();
