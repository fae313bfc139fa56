/*
 * The hosted connect page's one script. It tells the window that opened the page what happened, and only that
 * window's origin (the connect session's): {type, status, account_id | global_integration_id}, never a secret.
 * The server writes each message and its origin in data- attributes; nothing here builds one.
 */
(function () {
    'use strict';

    function report(element) {
        if (!element || !window.opener || window.opener.closed) {
            return false;
        }
        try {
            window.opener.postMessage(JSON.parse(element.getAttribute('data-message')), element.getAttribute('data-origin'));
            return true;
        } catch (ignored) {
            return false;
        }
    }

    report(document.getElementById('connect-report'));

    var done = document.getElementById('done');
    if (done) {
        done.addEventListener('click', function () {
            report(done);
            window.close();
        });
    }

    var errors = document.getElementById('form-errors');
    if (errors) {
        errors.focus();
    }
})();
