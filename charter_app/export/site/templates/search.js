/* The site's optional search: filters the list of principles with the index built with the
   site (search-index.js). Nothing is sent anywhere; without this script the list stays whole. */
(function () {
  "use strict";
  var data = window.charterSearch;
  var form = document.getElementById("search-form");
  var input = document.getElementById("search-input");
  var status = document.getElementById("search-status");
  var list = document.getElementById("search-results");
  if (!data || !form || !input || !status || !list) {
    return;
  }
  var items = list.getElementsByTagName("li");
  var words = Object.keys(data.words).sort();

  function fold(text) {
    return text.toLowerCase().normalize("NFD").replace(/[\u0300-\u036f]/g, "");
  }

  function firstAtLeast(term) {
    var low = 0;
    var high = words.length;
    while (low < high) {
      var middle = (low + high) >> 1;
      if (words[middle] < term) {
        low = middle + 1;
      } else {
        high = middle;
      }
    }
    return low;
  }

  function holding(term) {
    var found = {};
    for (var index = firstAtLeast(term); index < words.length; index += 1) {
      if (words[index].lastIndexOf(term, 0) !== 0) {
        break;
      }
      data.words[words[index]].forEach(function (document) { found[document] = true; });
    }
    return found;
  }

  function run() {
    var terms = fold(input.value).match(/[\p{L}\p{N}]+/gu) || [];
    var matches = null;
    terms.forEach(function (term) {
      var found = holding(term);
      if (matches === null) {
        matches = found;
      } else {
        Object.keys(matches).forEach(function (document) {
          if (!found[document]) { delete matches[document]; }
        });
      }
    });
    var shown = 0;
    for (var index = 0; index < items.length; index += 1) {
      var visible = matches === null || matches[index] === true;
      items[index].hidden = !visible;
      shown += visible ? 1 : 0;
    }
    if (matches === null) {
      status.textContent = status.getAttribute("data-all");
    } else if (shown === 0) {
      status.textContent = status.getAttribute("data-none");
    } else if (shown === 1) {
      status.textContent = status.getAttribute("data-one");
    } else {
      status.textContent = status.getAttribute("data-many").replace("{count}", String(shown));
    }
  }

  form.hidden = false;
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    run();
  });
  input.addEventListener("input", run);
}());
