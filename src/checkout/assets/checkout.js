/* global document, window, EventSource, navigator */
// The hosted checkout's one script. The page works without it (the instructions are in the HTML, forms
// post, a reload shows the status); with it: copy buttons, the countdown, live status, the redirect.
(function () {
  'use strict';
  var root = document.querySelector('[data-version]');

  function format(seconds) {
    var s = Math.max(0, Math.floor(seconds));
    var two = function (n) { return (n < 10 ? '0' : '') + n; };
    var h = Math.floor(s / 3600), m = Math.floor((s % 3600) / 60);
    return (h ? two(h) + ':' : '') + two(m) + ':' + two(s % 60);
  }

  document.querySelectorAll('[data-copy]').forEach(function (button) {
    var field = document.getElementById(button.getAttribute('data-copy'));
    if (!field || !navigator.clipboard) return;
    var label = button.textContent;
    button.hidden = false;
    button.addEventListener('click', function () {
      navigator.clipboard.writeText(field.value).then(function () {
        button.textContent = button.getAttribute('data-copied');
        setTimeout(function () { button.textContent = label; }, 2000);
      }, function () { field.select(); });
    });
  });

  var timer = document.querySelector('[data-countdown]');
  if (timer) {
    var ends = Date.now() + Number(timer.getAttribute('data-countdown')) * 1000;
    var tick = function () {
      var left = (ends - Date.now()) / 1000;
      timer.textContent = format(left);
      if (left <= 0 && !timer.hasAttribute('data-ended')) {
        timer.setAttribute('data-ended', '');
        window.location.reload();
      }
    };
    setInterval(tick, 1000);
  }

  // The card form: the card goes to POST /v1/tokens with the merchant's publishable key, and only the
  // token is posted to the checkout.
  var cardForm = document.getElementById('card-form');
  if (cardForm) {
    var error = document.getElementById('card-error');
    var value = function (id) { return document.getElementById(id).value.trim(); };
    cardForm.addEventListener('submit', function (event) {
      if (cardForm.elements.token.value) return;
      event.preventDefault();
      var expiry = value('card-expiry').split(/\s*\/\s*/);
      var submit = cardForm.querySelector('button[type=submit]');
      submit.disabled = true;
      error.hidden = true;
      fetch(cardForm.getAttribute('data-tokens-url'), {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: 'Bearer ' + cardForm.getAttribute('data-publishable-key') },
        body: JSON.stringify({ card: { number: value('card-number').replace(/\s+/g, ' '), exp_month: Number(expiry[0]), exp_year: Number(expiry[1]), cvc: value('card-cvc') } }),
      }).then(function (r) { return r.json().then(function (body) { return { ok: r.ok, body: body }; }); }).then(function (answer) {
        if (!answer.ok) throw new Error(answer.body.detail || answer.body.title);
        cardForm.elements.token.value = answer.body.id;
        cardForm.submit();
      }).catch(function (e) {
        error.textContent = e.message;
        error.hidden = false;
        submit.disabled = false;
        error.focus();
      });
    });
  }

  var challenge = document.querySelector('[data-challenge-url]');
  if (challenge) window.location.assign(challenge.getAttribute('data-challenge-url'));

  var back = document.querySelector('[data-return-url]');
  if (back) {
    var note = document.querySelector('[data-redirecting]');
    if (note) note.hidden = false;
    // Long enough to read the receipt's first line; the link is there for whoever wants to go at once.
    setTimeout(function () { window.location.assign(back.getAttribute('data-return-url')); }, 2000);
  }

  // Live status: the checkout's event stream, polling when the stream is not available. Whatever the page
  // would show differently (paid, expired, a payment confirming), it is reloaded to show it.
  if (root && !back && !challenge) {
    var version = root.getAttribute('data-version');
    var reloading = false;
    // Once: a second reload (the next message, the next poll) would abort the first one's navigation.
    var seen = function (state) {
      if (!state || state.version === version || reloading) return;
      reloading = true;
      window.location.reload();
    };
    var poll = function () {
      setInterval(function () {
        fetch(root.getAttribute('data-status-url'), { headers: { accept: 'application/json' }, cache: 'no-store' })
          .then(function (r) { return r.ok ? r.json() : null; }).then(seen, function () {});
      }, 3000);
    };
    if (window.EventSource) {
      var source = new EventSource(root.getAttribute('data-events-url'));
      var polling = false;
      source.addEventListener('status', function (e) { seen(JSON.parse(e.data)); });
      source.onerror = function () { if (!polling && source.readyState === EventSource.CLOSED) { polling = true; poll(); } };
    } else poll();
  }
  // When the page became interactive, in ms since its navigation started (the browser tests' budget is 1 s).
  document.documentElement.setAttribute('data-ready-ms', String(Math.round(window.performance.now())));
  document.documentElement.setAttribute('data-ready', '1');
})();
