/*
 * The console's one script. On the operations page, while a replay is under way, it reads the projections every
 * second (the page's own JSON: the API's listProjections answer) and updates their rows, until each replay is done:
 * its projection has caught up with the event store's head. Without it the page works all the same: its Refresh link
 * reloads it.
 */
(function () {
    'use strict';

    var table = document.getElementById('projections');
    if (!table || !window.fetch) {
        return;
    }
    var url = table.getAttribute('data-progress-url');
    var watched = table.getAttribute('data-replaying');
    var status = document.getElementById('replay-progress');
    var INTERVAL = 1000;
    var MAX_FAILURES = 5;
    var failures = 0;

    // As the page says it: a replay runs until its projection has caught up (the API's "replaying" stays true a while).
    function busy(projection) {
        return !projection.caught_up && (projection.replaying || projection.name === watched);
    }

    function stateOf(projection) {
        if (projection.replaying && !projection.caught_up) {
            return 'replaying';
        }
        return projection.running ? 'running' : 'stopped';
    }

    function rowOf(name) {
        var rows = table.querySelectorAll('tr[data-projection]');
        for (var i = 0; i < rows.length; i++) {
            if (rows[i].getAttribute('data-projection') === name) {
                return rows[i];
            }
        }
        return null;
    }

    function show(projection) {
        var row = rowOf(projection.name);
        if (!row) {
            return;
        }
        row.setAttribute('data-busy', String(busy(projection)));
        row.querySelector('.projection-state').textContent = stateOf(projection);
        row.querySelector('progress').value = projection.progress;
        row.querySelector('.projection-position').textContent = projection.position + ' of ' + projection.head_position
            + (projection.caught_up ? ', caught up' : '');
    }

    function poll() {
        fetch(url, {credentials: 'same-origin', headers: {'Accept': 'application/json'}})
            .then(function (answer) {
                if (!answer.ok) {
                    throw new Error('HTTP ' + answer.status);
                }
                return answer.json();
            })
            .then(function (projections) {
                failures = 0;
                projections.forEach(show);
                var running = projections.filter(busy).map(function (projection) {
                    return projection.name;
                });
                if (running.length > 0) {
                    status.textContent = 'Replaying ' + running.join(', ') + '…';
                    window.setTimeout(poll, INTERVAL);
                } else {
                    status.textContent = 'Replay done: every projection has caught up.';
                    table.setAttribute('data-done', 'true');
                }
            })
            .catch(function () {
                failures++;
                if (failures < MAX_FAILURES) {
                    window.setTimeout(poll, INTERVAL * 2);
                } else {
                    status.textContent = 'The progress could not be read; use Refresh.';
                }
            });
    }

    if (watched || table.querySelector('tr[data-busy="true"]')) {
        poll();
    }
})();
