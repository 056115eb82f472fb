/* Light progressive enhancement; every page works without it.
 *
 * A form marked data-live-results="ID" (the directory's filters, the members
 * list) updates the element ID as the visitor types or chooses, by fetching
 * the same page the form would submit to and taking that element from it.
 * The count of results is announced through the status element named by
 * data-live-status. The address bar follows, so the result can be shared.
 */
(function () {
  "use strict";
  if (!window.fetch || !window.DOMParser || !window.URLSearchParams) {
    return;
  }

  function queryOf(form) {
    var params = new URLSearchParams();
    new FormData(form).forEach(function (value, name) {
      if (value !== "" && name !== "page") {
        params.append(name, value);
      }
    });
    var text = params.toString();
    return text ? "?" + text : "";
  }

  function enhance(form) {
    var target = document.getElementById(form.getAttribute("data-live-results"));
    var status = document.getElementById(form.getAttribute("data-live-status") || "");
    if (!target) {
      return;
    }
    var timer = null;
    var controller = null;

    function update() {
      var url = (form.getAttribute("action") || window.location.pathname) + queryOf(form);
      if (controller) {
        controller.abort();
      }
      controller = window.AbortController ? new AbortController() : null;
      target.setAttribute("aria-busy", "true");
      fetch(url, {
        credentials: "same-origin",
        headers: { "X-Requested-With": "fetch" },
        signal: controller ? controller.signal : undefined
      })
        .then(function (response) {
          if (!response.ok) {
            throw new Error(response.status);
          }
          return response.text();
        })
        .then(function (html) {
          var page = new DOMParser().parseFromString(html, "text/html");
          var fresh = page.getElementById(target.id);
          if (fresh) {
            target.innerHTML = fresh.innerHTML;
          }
          if (status) {
            var freshStatus = page.getElementById(status.id);
            if (freshStatus) {
              status.textContent = freshStatus.textContent;
            }
          }
          window.history.replaceState(null, "", url);
        })
        .catch(function () { /* the submit button still works */ })
        .then(function () {
          target.removeAttribute("aria-busy");
        });
    }

    form.addEventListener("input", function (event) {
      var type = event.target.type;
      if (type === "search" || type === "text") {
        window.clearTimeout(timer);
        timer = window.setTimeout(update, 350);
      }
    });
    form.addEventListener("change", function (event) {
      if (event.target.tagName === "SELECT") {
        update();
      }
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    var forms = document.querySelectorAll("form[data-live-results]");
    Array.prototype.forEach.call(forms, enhance);
  });
})();
