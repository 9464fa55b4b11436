/*
 * Claimscope's start page: restores a project from an export bundle. Sends the chosen ZIP to
 * POST /api/v1/projects/import with the upload's progress, says that the server is writing the project once the upload
 * is complete, then tells what was made (documents, annotations, who owns each annotator's layer, placeholder accounts)
 * and links the new project; a refused bundle shows the server's reason, and nothing was imported. Hooks for tests:
 * #cs-bundle-status[data-state] is UPLOADING, WRITING, DONE or REFUSED, and window.claimscopeBundle.project is the
 * answer to a successful import.
 */
(function () {
    'use strict';

    function $(id) { return document.getElementById(id); }

    function number(n) { return Number(n).toLocaleString('en'); }

    function plural(n, one, many) { return number(n) + ' ' + (n === 1 ? one : many); }

    function init() {
        var form = $('cs-bundle');
        if (!form) { return; }
        var api = form.getAttribute('data-api');
        var context = form.getAttribute('data-context');
        var uploadLimit = Number(form.getAttribute('data-upload-limit'));
        var state = { project: null };
        window.claimscopeBundle = state;

        function progress(percent) {
            var value = Math.max(0, Math.min(100, Math.floor(percent)));
            if (window.PF && PF('bundleProgress')) { PF('bundleProgress').setValue(value); }
        }

        function status(message, code) {
            var el = $('cs-bundle-status');
            el.textContent = message;
            el.setAttribute('data-state', code);
            $('cs-bundle-job').hidden = false;
        }

        function details(lines) {
            var list = $('cs-bundle-details');
            list.textContent = '';
            lines.forEach(function (line) {
                var item = document.createElement('li');
                if (line.href) {
                    var a = document.createElement('a');
                    a.href = line.href;
                    a.id = 'cs-bundle-open';
                    a.textContent = line.text;
                    item.appendChild(a);
                } else {
                    item.textContent = line;
                }
                list.appendChild(item);
            });
        }

        function done(project) {
            state.project = project;
            progress(100);
            status('Restored "' + project.name + '": ' + plural(project.documents, 'document', 'documents') +
                ' and ' + plural(project.annotations, 'annotation', 'annotations') + '.', 'DONE');
            var lines = [{ href: context + '/project.xhtml?id=' + project.id, text: 'Open ' + project.name }];
            Object.keys(project.owners || {}).forEach(function (name) {
                lines.push('The layer of ' + name + ' belongs to ' + project.owners[name] + '.');
            });
            if (project.placeholders && project.placeholders.length > 0) {
                lines.push(plural(project.placeholders.length, 'placeholder account was', 'placeholder accounts were') +
                    ' made, disabled: ' + project.placeholders.join(', ') +
                    '. An administrator may rename and enable them on the Users page.');
            }
            details(lines);
        }

        function start() {
            var input = $('cs-bundle-file');
            var file = input.files && input.files[0];
            details([]);
            if (!file) {
                progress(0);
                status('Choose a bundle (.zip) exported from Claimscope first.', 'REFUSED');
                return;
            }
            if (file.size > uploadLimit) {
                progress(0);
                status(file.name + ' is larger than the upload limit of ' + number(Math.floor(uploadLimit / 1048576)) +
                    ' MB; nothing was sent.', 'REFUSED');
                return;
            }
            var body = new FormData();
            body.append('file', file, file.name);
            var name = $('cs-bundle-name').value.trim();
            if (name) { body.append('name', name); }
            var xhr = new XMLHttpRequest();
            xhr.open('POST', api + '/projects/import');
            xhr.setRequestHeader('X-Requested-With', 'claimscope');
            xhr.setRequestHeader('Accept', 'application/json, application/problem+json');
            xhr.upload.onprogress = function (e) {
                var sent = e.lengthComputable ? e.loaded / e.total : 0;
                // the upload is the first half; writing the project, which has no measure here, the second
                progress(sent * 50);
                status('Uploading ' + file.name + ' (' + Math.floor(sent * 100) + '% of ' +
                    (file.size / 1048576).toFixed(1) + ' MB)…', 'UPLOADING');
            };
            xhr.upload.onload = function () {
                progress(50);
                status('Uploaded. Checking the bundle and writing the project; this takes a while for a large corpus…',
                    'WRITING');
            };
            xhr.onload = function () {
                $('cs-bundle-start').disabled = false;
                var answer = null;
                try { answer = JSON.parse(xhr.responseText); } catch (ignored) { answer = null; }
                if (xhr.status === 201 && answer && answer.id) {
                    input.value = '';
                    done(answer);
                } else {
                    progress(0);
                    status('The bundle was not imported: ' + ((answer && (answer.detail || answer.title)) ||
                        ('HTTP ' + xhr.status)) + (/[.!]$/.test((answer && answer.detail) || '') ? '' : '.'),
                        'REFUSED');
                }
            };
            xhr.onerror = function () {
                $('cs-bundle-start').disabled = false;
                progress(0);
                status('The upload did not reach the server; check the connection and try again. Nothing was imported.',
                    'REFUSED');
            };
            $('cs-bundle-start').disabled = true;
            progress(0);
            status('Uploading ' + file.name + '…', 'UPLOADING');
            xhr.send(body);
        }

        $('cs-bundle-start').addEventListener('click', start);
    }

    if (document.readyState === 'loading') {
        document.addEventListener('DOMContentLoaded', init);
    } else {
        init();
    }
})();
