/*
 * Claimscope's bulk import page: sends the chosen files to POST /api/v1/projects/{id}/imports, shows the upload's
 * progress, then follows the import job (GET /api/v1/imports/{jobId}) with a progress bar until it is over, and
 * draws its per-file report. Hooks for tests: #cs-import-status[data-state] holds the job's state, and
 * window.claimscopeImport.job the last job read.
 */
(function () {
    'use strict';

    var HEADER = { 'X-Requested-With': 'claimscope' };
    var POLL_MS = 700;
    var PAGE_ROWS = 500;

    function $(id) { return document.getElementById(id); }

    function text(el, value) { el.textContent = value; }

    function setProgress(percent) {
        var value = Math.max(0, Math.min(100, Math.floor(percent)));
        if (window.PF && PF('importProgress')) {
            PF('importProgress').setValue(value);
        }
        var bar = $('cs-import-progress');
        if (bar) {
            bar.setAttribute('data-value', String(value));
        }
    }

    function number(n) { return Number(n).toLocaleString('en'); }

    function init() {
        var root = $('cs-import');
        if (!root) { return; }
        var api = root.getAttribute('data-api');
        var project = root.getAttribute('data-project');
        var context = root.getAttribute('data-context');
        var uploadLimit = Number(root.getAttribute('data-upload-limit'));
        var state = { job: null, filter: '', files: [], shown: PAGE_ROWS, polling: null };
        window.claimscopeImport = state;

        function status(message, jobState) {
            var el = $('cs-import-status');
            text(el, message);
            el.setAttribute('data-state', jobState || '');
        }

        function showJob() { $('cs-import-job').hidden = false; }

        function start() {
            var input = $('cs-import-files');
            var files = Array.prototype.slice.call(input.files || []);
            if (files.length === 0) {
                showJob();
                status('Choose one or more files or archives first.', 'NONE');
                return;
            }
            var total = files.reduce(function (sum, f) { return sum + f.size; }, 0);
            var tooBig = files.filter(function (f) { return f.size > uploadLimit; });
            if (tooBig.length > 0) {
                showJob();
                status(tooBig[0].name + ' is larger than the upload limit; nothing was sent.', 'REFUSED');
                return;
            }
            var form = new FormData();
            files.forEach(function (f) { form.append('file', f, f.name); });
            form.append('extractMainContent', $('cs-import-extract').checked ? 'true' : 'false');
            var xhr = new XMLHttpRequest();
            xhr.open('POST', api + '/projects/' + project + '/imports');
            Object.keys(HEADER).forEach(function (k) { xhr.setRequestHeader(k, HEADER[k]); });
            xhr.setRequestHeader('Accept', 'application/json, application/problem+json');
            xhr.upload.onprogress = function (e) {
                var sent = e.lengthComputable ? e.loaded / e.total : 0;
                setProgress(sent * 100);
                status('Uploading ' + files.length + ' file' + (files.length === 1 ? '' : 's') + ' (' +
                    Math.floor(sent * 100) + '% of ' + (total / 1048576).toFixed(1) + ' MB)…', 'UPLOADING');
            };
            xhr.onload = function () {
                $('cs-import-start').disabled = false;
                var body = null;
                try { body = JSON.parse(xhr.responseText); } catch (ignored) { body = null; }
                if (xhr.status === 202 && body && body.jobId) {
                    input.value = '';
                    state.files = [];
                    history.replaceState(null, '', context + '/import.xhtml?project=' + project + '&job=' + body.jobId);
                    follow(body.jobId);
                } else {
                    setProgress(0);
                    status('The upload was refused: ' + ((body && (body.detail || body.title)) ||
                        ('HTTP ' + xhr.status)), 'REFUSED');
                }
            };
            xhr.onerror = function () {
                $('cs-import-start').disabled = false;
                status('The upload did not reach the server; check the connection and try again. Nothing was imported.',
                    'REFUSED');
            };
            showJob();
            setProgress(0);
            text($('cs-import-title'), 'Import');
            $('cs-import-start').disabled = true;
            status('Uploading…', 'UPLOADING');
            xhr.send(form);
        }

        function follow(jobId) {
            showJob();
            if (state.polling) { clearTimeout(state.polling); }
            $('cs-import-csv').href = api + '/imports/' + jobId + '/report.csv';
            $('cs-import-csv').setAttribute('download', 'claimscope-import-' + jobId + '.csv');
            text($('cs-import-title'), 'Import ' + jobId);
            poll(jobId, 0);
        }

        function poll(jobId) {
            // the report comes in pages after what is already here
            var offset = state.files.length;
            fetch(api + '/imports/' + jobId + '?offset=' + offset + '&limit=5000', {
                headers: { 'Accept': 'application/json' }, credentials: 'same-origin', cache: 'no-store'
            }).then(function (res) {
                return res.json().then(function (body) { return { ok: res.ok, body: body }; });
            }).then(function (r) {
                if (!r.ok) {
                    status('This import cannot be shown: ' + (r.body.detail || r.body.title), 'REFUSED');
                    return;
                }
                var job = r.body;
                state.job = job;
                Array.prototype.push.apply(state.files, job.files);
                draw(job);
                var over = job.state === 'FINISHED' || job.state === 'CANCELLED' || job.state === 'FAILED';
                if (!over || state.files.length < job.filesDone) {
                    state.polling = setTimeout(function () { poll(jobId); }, over ? 0 : POLL_MS);
                }
            }).catch(function () {
                status('The server did not answer; trying again…', state.job ? state.job.state : '');
                state.polling = setTimeout(function () { poll(jobId); }, 3000);
            });
        }

        function draw(job) {
            setProgress(job.progress * 100);
            var over = job.state === 'FINISHED' || job.state === 'CANCELLED' || job.state === 'FAILED';
            $('cs-import-cancel').style.display = over ? 'none' : '';
            var done = number(job.filesDone) + ' of ' + number(job.filesTotal) + ' files';
            var message;
            if (job.state === 'QUEUED') {
                message = 'Waiting for the import before it to finish…';
            } else if (job.state === 'RUNNING') {
                message = 'Importing: ' + done + '…';
            } else if (job.state === 'FINISHED') {
                message = 'Finished: ' + done + '.';
            } else if (job.state === 'CANCELLED') {
                message = 'Stopped after ' + done + (job.message ? ' (' + job.message + ')' : '') +
                    '. The files imported until then are kept.';
            } else {
                message = 'The import stopped: ' + (job.message || 'an error on the server') + '.';
            }
            status(message, job.state);
            text($('cs-import-counts'), number(job.imported) + ' imported · ' + number(job.nearDuplicates) +
                ' near duplicates · ' + number(job.duplicates) + ' duplicates · ' + number(job.failed) + ' failed' +
                (job.extractMainContent ? ' · article text of web pages' : ' · web pages kept whole'));
            drawRows();
        }

        function visible(file) {
            if (state.filter === '') { return true; }
            if (state.filter === 'NEAR') { return file.nearDuplicateOf != null; }
            return file.status === state.filter;
        }

        function link(id) {
            var a = document.createElement('a');
            a.href = context + '/annotate.xhtml?document=' + id;
            a.textContent = '#' + id;
            return a;
        }

        function drawRows() {
            var body = $('cs-import-report').tBodies[0];
            var rows = state.files.filter(visible);
            var fragment = document.createDocumentFragment();
            rows.slice(0, state.shown).forEach(function (f) {
                var tr = document.createElement('tr');
                tr.className = 'cs-row cs-row-' + f.status + (f.nearDuplicateOf != null ? ' cs-outcome-near' : '');
                var name = document.createElement('td');
                name.textContent = f.fileName;
                var result = document.createElement('td');
                var badge = document.createElement('span');
                badge.className = 'cs-outcome cs-outcome-' + f.status;
                badge.textContent = f.nearDuplicateOf != null ? 'NEAR DUPLICATE' : f.status;
                result.appendChild(badge);
                var doc = document.createElement('td');
                if (f.documentId != null) {
                    doc.appendChild(link(f.documentId));
                }
                if (f.nearDuplicateOf != null) {
                    doc.appendChild(document.createTextNode(' ≈ '));
                    doc.appendChild(link(f.nearDuplicateOf));
                    doc.appendChild(document.createTextNode(' (' + Math.floor(f.resemblance * 100) + '%)'));
                }
                var message = document.createElement('td');
                message.textContent = f.message;
                tr.appendChild(name);
                tr.appendChild(result);
                tr.appendChild(doc);
                tr.appendChild(message);
                fragment.appendChild(tr);
            });
            while (body.firstChild) { body.removeChild(body.firstChild); }
            body.appendChild(fragment);
            var more = $('cs-import-more');
            if (rows.length > state.shown) {
                more.hidden = false;
                more.textContent = '';
                more.appendChild(document.createTextNode('Showing ' + number(state.shown) + ' of ' + number(rows.length) + ' files. '));
                var button = document.createElement('button');
                button.type = 'button';
                button.textContent = 'Show more';
                button.onclick = function () { state.shown += PAGE_ROWS; drawRows(); };
                more.appendChild(button);
            } else {
                more.hidden = true;
            }
        }

        $('cs-import-start').addEventListener('click', start);
        $('cs-import-cancel').addEventListener('click', function () {
            if (!state.job) { return; }
            fetch(api + '/imports/' + state.job.jobId + '/cancel', {
                method: 'POST', headers: HEADER, credentials: 'same-origin'
            });
        });
        Array.prototype.forEach.call(document.querySelectorAll('#cs-import-filters button'), function (b) {
            b.addEventListener('click', function () {
                state.filter = b.getAttribute('data-status');
                state.shown = PAGE_ROWS;
                Array.prototype.forEach.call(document.querySelectorAll('#cs-import-filters button'), function (o) {
                    o.classList.toggle('cs-filter-on', o === b);
                });
                drawRows();
            });
        });
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
