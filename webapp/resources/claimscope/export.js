/*
 * Claimscope's export page: sends the chosen formats, layers and filters to POST /api/v1/projects/{id}/exports,
 * then follows the export job (GET /api/v1/exports/{jobId}) with a progress bar until it is over and offers its
 * file. Hooks for tests: #cs-export-status[data-state] holds the job's state, #cs-export-progress[data-value] the
 * percentage shown, and window.claimscopeExport.job the last job read.
 */
(function () {
    'use strict';

    var HEADER = { 'X-Requested-With': 'claimscope' };
    var POLL_MS = 700;

    function $(id) { return document.getElementById(id); }

    function text(el, value) { el.textContent = value; }

    function setProgress(percent) {
        var value = Math.max(0, Math.min(100, Math.floor(percent)));
        if (window.PF && PF('exportProgress')) {
            PF('exportProgress').setValue(value);
        }
        var bar = $('cs-export-progress');
        if (bar) {
            bar.setAttribute('data-value', String(value));
        }
    }

    function number(n) { return Number(n).toLocaleString('en'); }

    /** 512 bytes, 12.3 KB, 4.5 MB: as the table of earlier exports writes sizes. */
    function size(bytes) {
        if (bytes == null) { return ''; }
        if (bytes < 1024) { return bytes + ' bytes'; }
        var units = ['KB', 'MB', 'GB', 'TB'];
        var value = bytes;
        var unit = -1;
        while (value >= 1024 && unit < units.length - 1) {
            value /= 1024;
            unit++;
        }
        return value.toFixed(1) + ' ' + units[unit];
    }

    function checked(selector) {
        return Array.prototype.map.call(document.querySelectorAll(selector + ':checked'), function (i) {
            return i.value;
        });
    }

    function init() {
        var root = $('cs-export');
        if (!root) { return; }
        var api = root.getAttribute('data-api');
        var project = root.getAttribute('data-project');
        var context = root.getAttribute('data-context');
        var state = { job: null, polling: null };
        window.claimscopeExport = state;

        function status(message, jobState) {
            var el = $('cs-export-status');
            text(el, message);
            el.setAttribute('data-state', jobState || '');
        }

        function showJob() { $('cs-export-job').hidden = false; }

        function hideDownload() {
            var a = $('cs-export-download');
            a.hidden = true;
            a.setAttribute('href', '#');
        }

        function start() {
            var formats = checked('#cs-export-formats input[name=format]');
            showJob();
            hideDownload();
            if (formats.length === 0) {
                setProgress(0);
                status('Choose at least one format first.', 'NONE');
                return;
            }
            var layers = checked('#cs-export-layers input[name=layers]')[0] || 'all';
            var body = {
                formats: formats,
                layers: layers,
                categories: checked('#cs-export-categories input[name=category]'),
                states: checked('#cs-export-states input[name=state]'),
                includeLogins: $('cs-export-logins').checked
            };
            $('cs-export-start').disabled = true;
            setProgress(0);
            text($('cs-export-title'), 'Export');
            text($('cs-export-counts'), '');
            status('Starting the export…', 'STARTING');
            fetch(api + '/projects/' + project + '/exports', {
                method: 'POST',
                headers: Object.assign({
                    'Content-Type': 'application/json', 'Accept': 'application/json, application/problem+json'
                }, HEADER),
                credentials: 'same-origin',
                body: JSON.stringify(body)
            }).then(function (res) {
                return res.text().then(function (t) {
                    var parsed = null;
                    try { parsed = JSON.parse(t); } catch (ignored) { parsed = null; }
                    return { status: res.status, body: parsed };
                });
            }).then(function (r) {
                $('cs-export-start').disabled = false;
                if (r.status === 202 && r.body && r.body.jobId) {
                    history.replaceState(null, '', context + '/export.xhtml?project=' + project + '&job=' + r.body.jobId);
                    follow(r.body.jobId);
                } else {
                    status('The export was refused: ' + ((r.body && (r.body.detail || r.body.title)) ||
                        ('HTTP ' + r.status)), 'REFUSED');
                }
            }).catch(function () {
                $('cs-export-start').disabled = false;
                status('The request did not reach the server; check the connection and try again.', 'REFUSED');
            });
        }

        function follow(jobId) {
            showJob();
            hideDownload();
            if (state.polling) { clearTimeout(state.polling); }
            text($('cs-export-title'), 'Export ' + jobId);
            // the form is long: bring the progress into view
            if ($('cs-export-job').scrollIntoView) {
                $('cs-export-job').scrollIntoView({ block: 'nearest' });
            }
            poll(jobId);
        }

        function poll(jobId) {
            fetch(api + '/exports/' + jobId, {
                headers: { 'Accept': 'application/json' }, credentials: 'same-origin', cache: 'no-store'
            }).then(function (res) {
                return res.json().then(function (body) { return { ok: res.ok, body: body }; });
            }).then(function (r) {
                if (!r.ok) {
                    status('This export cannot be shown: ' + (r.body.detail || r.body.title), 'REFUSED');
                    return;
                }
                var job = r.body;
                state.job = job;
                draw(job);
                if (job.state !== 'FINISHED' && job.state !== 'FAILED') {
                    state.polling = setTimeout(function () { poll(jobId); }, POLL_MS);
                }
            }).catch(function () {
                status('The server did not answer; trying again…', state.job ? state.job.state : '');
                state.polling = setTimeout(function () { poll(jobId); }, 3000);
            });
        }

        function draw(job) {
            setProgress(job.progress * 100);
            var done = number(job.documentsDone) + ' of ' + number(job.documentsTotal) + ' documents';
            var message;
            if (job.state === 'QUEUED') {
                message = 'Waiting for the export before it to finish…';
            } else if (job.state === 'RUNNING') {
                message = 'Exporting: ' + done + '…';
            } else if (job.state === 'FINISHED') {
                message = 'Finished: ' + done + '.';
            } else {
                message = 'The export failed: ' + (job.message || 'an error on the server') + '.';
            }
            status(message, job.state);
            var request = job.request || {};
            var what = [];
            if (request.formats) { what.push('formats ' + request.formats.join(', ')); }
            if (request.layers) {
                what.push(request.layers === 'all' ? 'curated and annotators\' layers' :
                    request.layers === 'curated' ? 'curated layer' : 'annotators\' layers');
            }
            if (request.categories && request.categories.length) { what.push('categories ' + request.categories.join(', ')); }
            if (request.states && request.states.length) { what.push('states ' + request.states.join(', ')); }
            what.push(request.includeLogins ? 'annotators by login' : 'annotators by pseudonym');
            text($('cs-export-counts'), what.join(' · '));
            var a = $('cs-export-download');
            if (job.state === 'FINISHED' && job.file) {
                a.setAttribute('href', context + job.file);
                a.setAttribute('download', 'claimscope-export-' + job.jobId + '.zip');
                text(a, job.fileSize == null ? 'Download' : 'Download (' + size(job.fileSize) + ')');
                a.hidden = false;
            } else {
                a.hidden = true;
            }
        }

        $('cs-export-start').addEventListener('click', start);
        var initial = root.getAttribute('data-job');
        if (initial) {
            follow(initial);
        }
    }

    if (document.readyState === 'loading') {
        document.addEventListener('DOMContentLoaded', init);
    } else {
        init();
    }
}());
