/*
 * A form that pays or sends something is submitted once: after the first submit its buttons are disabled and
 * further submits (a double click, Enter pressed twice) are ignored. The server guards the same forms with a
 * one-time token (tendlc/admin/form_tokens.py), so this only spares the user the wait of a second request; it
 * applies to every form carrying that token's hidden input.
 */
"use strict";
(function () {
    function buttons(form) {
        return form.querySelectorAll('button[type="submit"], button:not([type]), input[type="submit"]');
    }

    function guard(form) {
        form.addEventListener("submit", function (event) {
            if (form.dataset.submitted) {
                event.preventDefault();
                return;
            }
            form.dataset.submitted = "true";
            // Disabled only once this submission has taken the clicked button's name (the admin's _save,
            // _continue): a control disabled before then is left out of what is sent.
            window.setTimeout(function () {
                buttons(form).forEach(function (button) { button.disabled = true; });
            }, 0);
        });
    }

    function release(form) {
        delete form.dataset.submitted;
        buttons(form).forEach(function (button) { button.disabled = false; });
    }

    function forms() {
        return Array.from(document.querySelectorAll('input[name="form_token"]')).map(function (input) {
            return input.form;
        }).filter(Boolean);
    }

    document.addEventListener("DOMContentLoaded", function () {
        forms().forEach(guard);
    });
    // Back to a page kept by the browser: its buttons work again; the token still saves once.
    window.addEventListener("pageshow", function (event) {
        if (event.persisted) {
            forms().forEach(release);
        }
    });
})();
