/* The workshop companion's script: everything works without it; with it, a passage can be
   selected to comment on or reword, drafts stay on the phone until the laptop acknowledged
   them (sent again, with the same key, after the Wi-Fi dropped), and new contributions are
   announced. No inline script, nothing loaded from elsewhere. */
(function () {
  "use strict";
  var body = document.body;
  var status = document.getElementById("status");
  function say(text) { if (status) { status.textContent = text; } }
  function message(name) { return body.getAttribute("data-msg-" + name) || ""; }

  /* -- drafts kept on the phone, and sending that survives a lost connection -- */
  function store(form) {
    var keep = form.getAttribute("data-keep");
    if (!keep) { return; }
    var saved = {};
    Array.prototype.forEach.call(form.elements, function (field) {
      if (field.name && field.name !== "csrf" && field.type !== "submit") { saved[field.name] = field.value; }
    });
    try { localStorage.setItem("draft:" + keep, JSON.stringify(saved)); } catch (e) { /* full or private */ }
  }
  function restore(form) {
    var keep = form.getAttribute("data-keep");
    var saved = null;
    try { saved = JSON.parse(localStorage.getItem("draft:" + keep) || "null"); } catch (e) { saved = null; }
    if (!saved) { return; }
    Object.keys(saved).forEach(function (name) {
      var field = form.elements.namedItem(name);
      if (field && field.name !== "back" && field.name !== "target") { field.value = saved[name]; }
    });
    say(message("restored"));
  }
  function forget(form) {
    try { localStorage.removeItem("draft:" + form.getAttribute("data-keep")); } catch (e) { /* nothing */ }
  }
  function send(form, data, attempt) {
    fetch(form.action, { method: "POST", body: data, credentials: "same-origin",
                         headers: { "Accept": "application/json" } })
      .then(function (response) {
        return response.json().then(function (answer) { return { ok: response.ok, answer: answer }; });
      })
      .then(function (result) {
        if (result.ok && result.answer.ok) {
          forget(form);
          say(result.answer.message);
          var back = form.elements.namedItem("back");
          var key = form.elements.namedItem("key");
          var here = back ? back.value : location.pathname;
          location.assign(here + "?sent=" + encodeURIComponent(key ? key.value : "") + "#sent");
        } else {
          say([result.answer.message, result.answer.hint].join(" ").trim());
          form.removeAttribute("data-sending");
        }
      })
      .catch(function () {
        say(message("offline"));
        window.setTimeout(function () { send(form, data, attempt + 1); }, Math.min(15000, 2000 * (attempt + 1)));
      });
  }
  Array.prototype.forEach.call(document.querySelectorAll("form[action^='/send/']"), function (form) {
    if (form.hasAttribute("data-keep")) {
      restore(form);
      form.addEventListener("input", function () { store(form); });
    }
    form.addEventListener("submit", function (event) {
      if (!window.fetch || !window.FormData) { return; }
      event.preventDefault();
      if (form.getAttribute("data-sending")) { return; }
      form.setAttribute("data-sending", "1");
      store(form);
      var data = new FormData(form);
      if (event.submitter && event.submitter.name) { data.set(event.submitter.name, event.submitter.value); }
      say(message("sending"));
      send(form, new URLSearchParams(data), 0);
    });
  });

  /* -- selecting a passage -- */
  var text = document.getElementById("text");
  var bar = document.getElementById("selection-bar");
  var chosen = null;
  if (text && bar) {
    Array.prototype.forEach.call(document.querySelectorAll(".js-only"), function (hint) { hint.hidden = false; });
    document.addEventListener("selectionchange", function () {
      var selection = window.getSelection();
      if (!selection || selection.isCollapsed || !selection.rangeCount) { return; }
      var range = selection.getRangeAt(0);
      var start = range.startContainer.parentElement ? range.startContainer.parentElement.closest(".para p") : null;
      var end = range.endContainer.parentElement ? range.endContainer.parentElement.closest(".para p") : null;
      var quote = selection.toString().replace(/\s+/g, " ").trim();
      if (!start || start !== end || !quote) { bar.hidden = true; chosen = null; return; }
      var whole = start.textContent;
      var at = whole.indexOf(quote);
      var before = "", after = "";
      if (text.textContent.split(quote).length > 2 && at >= 0) {
        before = whole.slice(Math.max(0, at - 12), at);
        after = whole.slice(at + quote.length, at + quote.length + 12);
      }
      chosen = { quote: quote, before: before, after: after };
      bar.hidden = false;
    });
    bar.addEventListener("click", function (event) {
      var go = event.target.getAttribute("data-go");
      if (!go || !chosen) { return; }
      if (go === "comment") {
        var form = document.querySelector("#comment form");
        form.elements.namedItem("quote").value = chosen.quote;
        form.elements.namedItem("before").value = chosen.before;
        form.elements.namedItem("after").value = chosen.after;
        store(form);
        document.getElementById("comment-text").focus();
      } else {
        var area = document.getElementById("propose-text");
        var at = area.value.indexOf(chosen.quote);
        area.focus();
        if (at >= 0) { area.setSelectionRange(at, at + chosen.quote.length); }
      }
      bar.hidden = true;
    });
  }

  /* -- live: announce what others wrote (never reloads under the person's fingers) -- */
  var live = body.getAttribute("data-live");
  if (live && window.fetch) {
    var seen = null, offline = false;
    window.setInterval(function () {
      fetch(live, { credentials: "same-origin", headers: { "Accept": "application/json" } })
        .then(function (response) { return response.json(); })
        .then(function (answer) {
          if (offline) { offline = false; say(message("online")); }
          if (answer.closed) { say(message("closed")); return; }
          if (seen !== null && answer.v !== seen) { say(message("new")); }
          seen = answer.v;
        })
        .catch(function () { offline = true; say(message("offline")); });
    }, 5000);
  }
}());
