/*
 * In-page checks of the annotation editor against the fake API. Runs when harness.html is opened
 * with ?selftest=1 (add annotator=bob for the read-only checks). Results go to #harness-report,
 * the console (a closing line "N passed, N failed"), window.selftestResult and the title
 * ("SELFTEST PASS 57/57" or "SELFTEST FAIL …").
 *
 *   node --experimental-websocket run-harness.mjs --selftest [--query annotator=bob]
 *   or: chromium --headless --no-sandbox --disable-gpu --virtual-time-budget=30000 --dump-dom \
 *     'file:///…/editor-harness/harness.html?selftest=1' | grep -o 'SELFTEST[^<]*'
 */
(function () {
    'use strict';
    var params = new URLSearchParams(location.search);
    if (params.get('selftest') !== '1') {
        return;
    }
    var root = document.getElementById('cs-editor');
    var results = [];
    var api = window.fakeApi;
    var ed;
    var text = api.doc.text;

    function check(name, cond, info) {
        results.push({ name: name, ok: !!cond, info: cond ? '' : (info === undefined ? '' : typeof info === 'string' ? info : JSON.stringify(info)) });
    }

    function sleep(ms) {
        return new Promise(function (r) { setTimeout(r, ms); });
    }

    function until(fn, ms) {
        var t0 = performance.now();
        return new Promise(function (resolve) {
            (function poll() {
                var v;
                try {
                    v = fn();
                } catch (e) {
                    v = null;
                }
                if (v) {
                    resolve(v);
                } else if (performance.now() - t0 > (ms || 4000)) {
                    resolve(null);
                } else {
                    setTimeout(poll, 10);
                }
            }());
        });
    }

    function key(k, target, extra) {
        var t = target || document.activeElement || document.body;
        var e = new KeyboardEvent('keydown', Object.assign({ key: k, bubbles: true, cancelable: true }, extra || {}));
        t.dispatchEvent(e);
    }

    function cpOf(u16) {
        return Array.from(text.slice(0, u16)).length;
    }

    /** Code-point span of the first occurrence of s (after the UTF-16 index from). */
    function span(s, from) {
        var u = text.indexOf(s, from || 0);
        if (u < 0) {
            throw new Error('not in text: ' + s);
        }
        var start = cpOf(u);
        return { start: start, end: start + Array.from(s).length, u: u };
    }

    function same(a, b) {
        return JSON.stringify(a) === JSON.stringify(b);
    }

    function clearSelection() {
        window.getSelection().removeAllRanges();
    }

    function lastRequest(method, pathRe) {
        for (var i = api.requests.length - 1; i >= 0; i--) {
            var r = api.requests[i];
            if (r.method === method && (!pathRe || pathRe.test(r.path))) {
                return r;
            }
        }
        return null;
    }

    function requestsSince(n, method) {
        return api.requests.slice(n).filter(function (r) { return !method || r.method === method; });
    }

    function segs(id) {
        return Array.prototype.slice.call(document.querySelectorAll('#cs-text .cs-hl[data-ids~="' + id + '"]'));
    }

    function field(name) {
        return document.querySelector('#cs-panel [name="' + name + '"]');
    }

    function setField(name, value, evt) {
        var f = field(name);
        f.value = value;
        f.dispatchEvent(new Event(evt || 'input', { bubbles: true }));
        return f;
    }

    function status() {
        return document.getElementById('cs-status').textContent;
    }

    function message() {
        return document.getElementById('cs-message').textContent;
    }

    function selected() {
        return ed.selectedId();
    }

    /** The stored annotation with these offsets, once the editor has it too. */
    function findByOffsets(start, end) {
        var a = api.list().filter(function (x) { return x.start === start && x.end === end; })[0] || null;
        return a && ed.annotations().some(function (x) { return String(x.id) === String(a.id); }) ? a : null;
    }

    function idle() {
        return until(function () { return /Saved|^$/.test(status()) && !/Saving/.test(status()); });
    }

    // ---------------------------------------------------------------------------------------------

    function checkRendering() {
        var lines = text.split('\n');
        var ok = true;
        var bad = null;
        var rendered = 0;
        lines.forEach(function (line, i) {
            var p = document.querySelector('#cs-text p[data-i="' + i + '"]');
            if (line.length) {
                rendered++;
                if (!p || p.textContent !== line) {
                    ok = false;
                    bad = bad || { line: i, want: line.slice(0, 60), got: p && p.textContent.slice(0, 60) };
                }
            } else if (p) {
                ok = false;
                bad = bad || { emptyLineRendered: i };
            }
        });
        check('every line of the text is one paragraph with exactly its text', ok && rendered === document.querySelectorAll('#cs-text p.cs-p').length, bad);

        var anns = api.list();
        var wrong = [];
        anns.forEach(function (a) {
            var got = segs(a.id).map(function (s) { return s.textContent; }).join('');
            if (got !== a.quote.replace(/\n/g, '')) {
                wrong.push({ id: a.id, want: a.quote.slice(0, 40), got: got.slice(0, 40) });
            }
        });
        check('each annotation\'s highlight segments cover exactly its quote', wrong.length === 0, wrong.slice(0, 3));

        var lis = Array.prototype.slice.call(document.querySelectorAll('#cs-list li[data-id]'));
        var order = anns.slice().sort(function (a, b) { return a.start - b.start || a.end - b.end || a.id - b.id; })
            .map(function (a) { return String(a.id); });
        check('the list holds every annotation in text order', same(lis.map(function (li) { return li.getAttribute('data-id'); }), order),
            { list: lis.length, annotations: anns.length });

        var counts = {};
        anns.forEach(function (a) { counts[a.category] = (counts[a.category] || 0) + 1; });
        var countOk = Object.keys(counts).every(function (k) {
            var b = document.querySelector('#cs-counts [data-filter="' + k + '"]');
            return b && Number(b.getAttribute('data-count')) === counts[k];
        });
        check('counts per category are shown', countOk, counts);

        check('retired categories are not offered', !document.querySelector('button[data-category="OLD_CLAIM"]')
            && (!!params.get('annotator') || !!document.querySelector('button[data-category="LEGAL_ASSERTION"]')));
        var nested = Array.prototype.some.call(document.querySelectorAll('#cs-text .cs-hl'), function (s) {
            return s.getAttribute('data-ids').split(' ').length >= 2;
        });
        check('overlapping annotations produce segments with several ids', nested);
        check('paragraphs are bidi-aware (dir=auto)', Array.prototype.every.call(document.querySelectorAll('#cs-text p.cs-p'), function (p) {
            return p.getAttribute('dir') === 'auto';
        }));
    }

    function checkOffsets() {
        var tokens = ['🇺🇳', '👍🏽', 'cafe\u0301', 're\u0301sume\u0301s', 'قانونية', 'חוקיות', 'rapporteur'];
        tokens.forEach(function (t) {
            var s = span(t);
            ed.selectRange(s.start, s.end);
            var off = ed.offsetsOfSelection();
            check('selectRange/offsetsOfSelection round trip for ' + JSON.stringify(t),
                off && off.start === s.start && off.end === s.end && off.quote === t && window.getSelection().toString() === t,
                { want: s, got: off, dom: window.getSelection().toString() });
        });
        var cafe = span('cafe\u0301');
        ed.selectRange(cafe.start, cafe.start + 4);
        var off = ed.offsetsOfSelection();
        check('a selection ending before a combining accent takes the accent too', off && off.end === cafe.end, off);
        var flag = span('🇺🇳');
        ed.selectRange(flag.start, flag.start + 1);
        off = ed.offsetsOfSelection();
        check('a selection inside a flag emoji takes the whole flag', off && off.start === flag.start && off.end === flag.end, off);
        var rap = span('rapporteur');
        ed.selectRange(rap.start - 1, rap.end + 1);
        off = ed.offsetsOfSelection();
        check('leading and trailing whitespace is trimmed', off && off.start === rap.start && off.end === rap.end, off);

        // a DOM range made without selectRange: from inside "rapporteur" to inside the Hebrew line
        var walker = document.createTreeWalker(document.getElementById('cs-text'), NodeFilter.SHOW_TEXT);
        var n;
        var a = null;
        var b = null;
        while ((n = walker.nextNode())) {
            if (!a && n.data.indexOf('rapporteur') >= 0) {
                a = n;
            }
            if (!b && n.data.indexOf('התקיפות') >= 0) {
                b = n;
            }
        }
        var r = document.createRange();
        r.setStart(a, a.data.indexOf('rapporteur'));
        r.setEnd(b, b.data.indexOf('התקיפות') + 'התקיפות'.length);
        var sel = window.getSelection();
        sel.removeAllRanges();
        sel.addRange(r);
        off = ed.offsetsOfSelection();
        var want = { start: rap.start, end: span('התקיפות').end };
        check('a mouse-like DOM selection across paragraphs and scripts maps to code points', off && off.start === want.start && off.end === want.end
            && off.quote === text.slice(rap.u, text.indexOf('התקיפות') + 'התקיפות'.length), { want: want, got: off });
        // a selection that ends at the start of the next paragraph (triple click)
        var p1 = document.querySelector('#cs-text p[data-i="2"]');
        var next = p1.nextElementSibling;
        r = document.createRange();
        r.setStart(p1, 0);
        r.setEnd(next, 0);
        sel.removeAllRanges();
        sel.addRange(r);
        off = ed.offsetsOfSelection();
        var line = text.split('\n')[2];
        check('a whole-paragraph selection (triple click) is trimmed to the paragraph', off && off.quote === line.trim(), off);
        clearSelection();
        check('a collapsed selection gives no offsets', ed.offsetsOfSelection() === null);
    }

    async function checkCreate() {
        var n0 = api.requests.length;
        var s = span('rapporteur called the killings extrajudicial');
        ed.selectRange(s.start, s.end);
        var textEl = document.getElementById('cs-text');
        textEl.focus();
        key('2', textEl);
        var created = await until(function () { return findByOffsets(s.start, s.end); });
        check('hotkey 2 creates an Expert opinion from the selection (POST)', created && created.category === 'EXPERT_OPINION', created);
        var post = requestsSince(n0, 'POST')[0];
        check('the POST carries code-point offsets and an empty content', post && post.body.start === s.start && post.body.end === s.end
            && same(post.body.subtypes, []) && same(post.body.attributes, {}), post && post.body);
        await until(function () { return created && selected() === String(created.id); });
        check('the new annotation becomes selected', created && selected() === String(created.id));
        check('it is highlighted and listed without a reload', created && segs(created.id).length > 0
            && !!document.querySelector('#cs-list li[data-id="' + created.id + '"]'));
        check('the panel shows its quote and category', document.getElementById('cs-quote').textContent === 'rapporteur called the killings extrajudicial'
            && field('category').value === 'EXPERT_OPINION');
        check('the DOM selection is cleared after creating', window.getSelection().isCollapsed);
        check('status says Saved', /Saved/.test(status()), status());
        key('2', textEl);
        await sleep(50);
        check('pressing the key again does not create a duplicate', api.list().filter(function (a) { return a.start === s.start && a.end === s.end; }).length === 1);

        // across paragraphs, with a button
        var a = span('extrajudicial 👍🏽');
        var b = span('قال المتحدث');
        ed.select(null);
        ed.selectRange(a.start, b.end);
        var before = api.store.size;
        document.querySelector('button[data-category="LEGAL_ASSERTION"]').click();
        var cross = await until(function () { return findByOffsets(a.start, b.end); });
        check('a category button creates an annotation across paragraphs', cross && cross.category === 'LEGAL_ASSERTION'
            && cross.quote.indexOf('\n') > 0 && api.store.size === before + 1, cross);
        check('its segments in both paragraphs carry its id', cross && segs(cross.id).length >= 2
            && segs(cross.id).map(function (x) { return x.textContent; }).join('') === cross.quote.replace(/\n/g, ''));

        // inside existing highlights: nested
        var lb = span('legal bounds');
        ed.selectRange(lb.start, lb.end);
        key('3', document.body);
        var inner = await until(function () { return findByOffsets(lb.start, lb.end); });
        check('selecting inside existing highlights creates a nested annotation', !!inner);
        var deep = segs(inner.id).filter(function (x) { return x.getAttribute('data-ids').split(' ').length >= 3; });
        check('the nested segment lists all annotations covering it', deep.length > 0);
        return { created: created, cross: cross, inner: inner };
    }

    async function checkClickCycle(inner) {
        clearSelection();
        ed.select(null);
        var seg = segs(inner.id)[0];
        var ids = seg.getAttribute('data-ids').split(' ');
        var lengths = ids.map(function (id) { var a = api.annotation(id); return { id: id, len: a.end - a.start }; })
            .sort(function (x, y) { return x.len - y.len; });
        seg.click();
        check('a click selects the innermost annotation covering the point', selected() === lengths[0].id, { got: selected(), want: lengths[0].id });
        var seen = [selected()];
        for (var i = 1; i < ids.length; i++) {
            seg.click();
            seen.push(selected());
        }
        check('clicking again cycles through all covering annotations', same(seen.slice().sort(), ids.slice().sort()), seen);
        seg.click();
        check('and wraps around', selected() === lengths[0].id);
        var li = document.querySelector('#cs-list li[data-id="' + seen[1] + '"]');
        li.querySelector('button').click();
        check('clicking a list item selects it', selected() === seen[1] && li.classList.contains('cs-current'));
        check('selected segments are marked', segs(seen[1]).every(function (s) { return s.classList.contains('cs-sel'); }));
        key('Escape', document.body);
        check('Escape deselects', selected() === null && document.querySelectorAll('#cs-text .cs-sel').length === 0
            && document.querySelector('#cs-panel .cs-panel-body').hidden);
        key(']', document.body);
        var first = api.list().sort(function (a, b) { return a.start - b.start || a.end - b.end || a.id - b.id; })[0];
        check('] selects the first annotation', selected() === String(first.id));
        key(']', document.body);
        key('[', document.body);
        check('[ goes back', selected() === String(first.id));
    }

    async function checkEditing(target) {
        var id = String(target.id);
        ed.select(id);
        var n0 = api.requests.length;
        setField('attr-speaker', 'UN special rapporteur');
        await sleep(20);
        check('typing shows unsaved changes', /Unsaved/.test(status()), status());
        var put = await until(function () { return requestsSince(n0, 'PUT')[0]; });
        check('typing in speaker saves after a pause (PUT with version)', put && put.body.attributes.speaker === 'UN special rapporteur'
            && put.body.version !== undefined, put && put.body);
        await until(function () { return /Saved/.test(status()); });
        check('status returns to Saved', /Saved/.test(status()), status());
        check('the list item shows the speaker', /UN special rapporteur/.test(document.querySelector('#cs-list li[data-id="' + id + '"]').textContent));

        var cb = document.querySelector('#cs-panel input[name=subtype][value="EXTRAJUDICIAL_KILLING_CLAIM"]');
        cb.click();
        await until(function () { return api.annotation(id).subtypes.indexOf('EXTRAJUDICIAL_KILLING_CLAIM') >= 0; });
        check('a subtype checkbox saves at once', api.annotation(id).subtypes.indexOf('EXTRAJUDICIAL_KILLING_CLAIM') >= 0);
        check('retired subtypes are not offered', !document.querySelector('#cs-panel input[name=subtype][value="LEGACY_ISSUE"]'));
        check('retired values are not offered', !document.querySelector('#cs-panel [name="attr-hedge"] option[value="DOUBTFUL"]'));

        setField('attr-speakerRole', 'INTERNATIONAL_BODY', 'change');
        setField('attr-stance', 'ASSERTS_UNLAWFUL', 'change');
        await until(function () { var a = api.annotation(id); return a.attributes.speakerRole === 'INTERNATIONAL_BODY' && a.attributes.stance === 'ASSERTS_UNLAWFUL'; });
        var a = api.annotation(id);
        check('select attributes save (two quick changes both arrive)', a.attributes.speakerRole === 'INTERNATIONAL_BODY' && a.attributes.stance === 'ASSERTS_UNLAWFUL', a.attributes);
        setField('attr-stance', '', 'change');
        await until(function () { return api.annotation(id).attributes.stance === undefined; });
        check('the empty option removes an attribute', api.annotation(id).attributes.stance === undefined);

        // typed text survives an immediate deselect
        setField('attr-note', 'Check against the UN press release 🇺🇳');
        key('Escape', field('attr-note'));
        await until(function () { return api.annotation(id).attributes.note; });
        check('a note typed just before Escape is saved, not lost', api.annotation(id).attributes.note === 'Check against the UN press release 🇺🇳');

        // hotkeys are ignored while typing
        ed.select(id);
        var before = api.store.size;
        var sp = field('attr-speaker');
        sp.focus();
        key('1', sp);
        await sleep(30);
        check('hotkeys are ignored while typing in an input', api.store.size === before && api.annotation(id).category === 'EXPERT_OPINION');

        // a hotkey with an annotation selected and no text selection changes its category
        clearSelection();
        document.getElementById('cs-text').focus();
        key('3', document.getElementById('cs-text'));
        await until(function () { return api.annotation(id).category === 'OFFICIAL_JUSTIFICATION'; });
        await idle();
        check('a category key changes the selected annotation\'s category', api.annotation(id).category === 'OFFICIAL_JUSTIFICATION'
            && api.store.size === before);
        check('its list item and highlight follow the new colour', /Official justification/.test(document.querySelector('#cs-list li[data-id="' + id + '"]').textContent));

        // span adjustment
        var old = api.annotation(id);
        document.querySelector('#cs-panel [data-adjust="end-right"]').click();
        await until(function () { return api.annotation(id).end > old.end; });
        await idle();
        var moved = api.annotation(id);
        check('the end moves one word right', moved.end > old.end && /extrajudicial 👍🏽$/.test(moved.quote), moved.quote);
        check('the highlight follows the new span', segs(id).map(function (s) { return s.textContent; }).join('') === moved.quote,
            segs(id).map(function (s) { return s.textContent; }));
        document.querySelector('#cs-panel [data-adjust="end-left"]').click();
        await until(function () { return api.annotation(id).end === old.end; });
        check('and back', api.annotation(id).end === old.end);
    }

    async function checkConflict(target) {
        var id = String(target.id);
        ed.select(id);
        await sleep(10);
        api.editElsewhere(id, { attributes: Object.assign({}, api.annotation(id).attributes, { speaker: 'Someone else' }) });
        setField('attr-note', 'my note that conflicts', 'change');
        var msg = await until(function () { return /changed elsewhere/.test(message()) && message(); });
        check('a 409 says clearly that the annotation was changed elsewhere', !!msg, message());
        check('the panel now shows the server\'s version', field('attr-speaker').value === 'Someone else', field('attr-speaker').value);
        check('the server version was not overwritten', api.annotation(id).attributes.speaker === 'Someone else'
            && api.annotation(id).attributes.note !== 'my note that conflicts');
        check('the message keeps what was typed', /my note that conflicts/.test(message()));
        var again = Array.prototype.filter.call(document.querySelectorAll('#cs-message button'), function (b) { return /again/.test(b.textContent); })[0];
        again.click();
        await until(function () { return api.annotation(id).attributes.note === 'my note that conflicts' && /Saved/.test(status()); });
        check('"Apply my change again" saves only my change on top of the new version', api.annotation(id).attributes.note === 'my note that conflicts'
            && api.annotation(id).attributes.speaker === 'Someone else', api.annotation(id).attributes);
        check('and the panel shows the merged result', field('attr-note').value === 'my note that conflicts' && field('attr-speaker').value === 'Someone else');

        // someone deleted it elsewhere
        var victim = api.list().filter(function (a) { return String(a.id) !== id; })[5];
        ed.select(String(victim.id));
        api.deleteElsewhere(victim.id);
        setField('attr-note', 'lost?', 'change');
        await until(function () { return /deleted elsewhere/.test(message()); });
        check('an annotation deleted elsewhere is reported and removed', /deleted elsewhere/.test(message()) && /lost\?/.test(message())
            && !document.querySelector('#cs-list li[data-id="' + victim.id + '"]'));
    }

    async function checkErrors(target) {
        var id = String(target.id);
        var s = span('charge the Pentagon rejects');
        api.failNext(500, 'simulated outage', 1, 'POST');
        var before = api.store.size;
        var lis = document.querySelectorAll('#cs-list li').length;
        ed.selectRange(s.start, s.end);
        key('1', document.body);
        await until(function () { return /simulated outage/.test(message()); });
        check('a server error shows its detail in the alert area', /simulated outage/.test(message())
            && document.getElementById('cs-message').getAttribute('role') === 'alert');
        check('nothing is added when the create failed', api.store.size === before && document.querySelectorAll('#cs-list li').length === lis);

        api.failNext(400, 'end 999999 is beyond the end of the text', 1, 'POST');
        ed.selectRange(s.start, s.end);
        key('1', document.body);
        await until(function () { return /beyond the end/.test(message()); });
        check('a 400 problem detail is shown', /beyond the end/.test(message()));

        ed.select(id);
        api.failNext(0, 'offline', 1, 'PUT');
        setField('attr-speaker', 'Offline edit', 'change');
        await until(function () { return /Not saved/.test(status()); });
        check('a network failure shows Not saved and keeps the change', /Not saved/.test(status()) && field('attr-speaker').value === 'Offline edit');
        var retry = Array.prototype.filter.call(document.querySelectorAll('#cs-message button'), function (b) { return /Try again/.test(b.textContent); })[0];
        retry.click();
        await until(function () { return api.annotation(id).attributes.speaker === 'Offline edit' && /Saved/.test(status()); });
        check('Try again saves it', api.annotation(id).attributes.speaker === 'Offline edit' && /Saved/.test(status()));

        api.failNext(401, 'not signed in', 1, 'PUT');
        setField('attr-speaker', 'After sign-in', 'change');
        await until(function () { return /signed in/.test(message()); });
        check('a 401 says to sign in again and keeps the change', /no longer signed in/.test(message()) && /Not saved/.test(status())
            && field('attr-speaker').value === 'After sign-in', message());
        Array.prototype.filter.call(document.querySelectorAll('#cs-message button'), function (b) { return /Try again/.test(b.textContent); })[0].click();
        await until(function () { return api.annotation(id).attributes.speaker === 'After sign-in' && /Saved/.test(status()); });
        check('after signing in, Try again saves it', api.annotation(id).attributes.speaker === 'After sign-in');

        // the document was marked finished in another tab: a 409 that is not about this annotation
        api.setStateElsewhere('FINISHED');
        setField('attr-speaker', 'Too late', 'change');
        await until(function () { return /reopen/.test(message()) && /Finished/.test(document.getElementById('cs-state').textContent); });
        check('a 409 because the document was finished elsewhere shows the server\'s reason and the new state',
            /reopen it/.test(message()) && /Finished/.test(document.getElementById('cs-state').textContent)
            && document.querySelector('button[data-category="LEGAL_ASSERTION"]').disabled, message());
        check('the refused change is kept as not saved', /Not saved/.test(status()) && api.annotation(id).attributes.speaker === 'After sign-in');
        ed.select(null);
        ed.select(id);
        check('the panel keeps showing the refused change', field('attr-speaker').value === 'Too late', field('attr-speaker').value);
        document.getElementById('cs-finish').click();
        await until(function () { return api.annotation(id).attributes.speaker === 'Too late' && /Saved/.test(status()); });
        check('reopening saves the kept change', api.annotation(id).attributes.speaker === 'Too late' && field('attr-speaker').value === 'Too late');
    }

    async function checkDelete(target) {
        var id = String(target.id);
        ed.select(id);
        var q = api.annotation(id);
        document.getElementById('cs-text').focus();
        key('Delete', document.getElementById('cs-text'));
        await until(function () { return !api.annotation(id); });
        check('the Delete key deletes the selected annotation', !api.annotation(id));
        check('it disappears from text, list and panel', segs(id).length === 0 && !document.querySelector('#cs-list li[data-id="' + id + '"]')
            && selected() === null);
        var undo = document.querySelector('#cs-info button');
        check('an Undo is offered', undo && /Undo/.test(undo.textContent));
        undo.click();
        var back = await until(function () { return findByOffsets(q.start, q.end); });
        check('Undo restores it with its content', back && back.category === q.category && same(back.attributes, q.attributes));
        var btn = document.getElementById('cs-delete');
        ed.select(String(back.id));
        btn.click();
        await until(function () { return !api.annotation(back.id); });
        check('the Delete button deletes too', !api.annotation(back.id));
    }

    async function checkFinish() {
        var btn = document.getElementById('cs-finish');
        check('the finish button says Mark finished', /Mark finished/.test(btn.textContent));
        btn.click();
        await until(function () { return api.doc.state === 'FINISHED' && /Reopen/.test(btn.textContent); });
        check('Mark finished sets the state', api.doc.state === 'FINISHED' && /Finished/.test(document.getElementById('cs-state').textContent));
        check('category buttons are disabled when finished', document.querySelector('button[data-category="LEGAL_ASSERTION"]').disabled);
        ed.select(api.list()[0].id);
        check('panel controls are disabled when finished', field('attr-speaker').disabled && document.getElementById('cs-delete').disabled);
        var n0 = api.requests.length;
        var s = span('rejects');
        ed.selectRange(s.start, s.end);
        key('1', document.body);
        key('Delete', document.body);
        await sleep(30);
        check('no writes are attempted while finished', requestsSince(n0).filter(function (r) { return r.method !== 'GET'; }).length === 0);
        btn.click();
        await until(function () { return api.doc.state === 'IN_PROGRESS' && /Mark finished/.test(btn.textContent); });
        check('Reopen sets the state back', api.doc.state === 'IN_PROGRESS' && !field('attr-speaker').disabled);
        clearSelection();
    }

    async function checkFinishedAtStart() {
        check('finished at start: the state and a Reopen button are shown', /Finished/.test(document.getElementById('cs-state').textContent)
            && /Reopen/.test(document.getElementById('cs-finish').textContent) && /finished/.test(document.getElementById('cs-info').textContent));
        check('finished at start: category buttons are disabled', document.querySelector('button[data-category="LEGAL_ASSERTION"]').disabled);
        var n0 = api.requests.length;
        var s = span('rapporteur');
        ed.selectRange(s.start, s.end);
        key('1', document.body);
        await sleep(30);
        check('finished at start: a hotkey writes nothing and says why', requestsSince(n0).length === 0
            && /Reopen/.test(document.getElementById('cs-info').textContent));
        clearSelection();
        document.getElementById('cs-finish').click();
        await until(function () { return api.doc.state === 'IN_PROGRESS' && !document.querySelector('button[data-category="LEGAL_ASSERTION"]').disabled; });
        check('finished at start: Reopen enables editing', api.doc.state === 'IN_PROGRESS');
    }

    async function checkReadOnly() {
        var get = lastRequest('GET', /\/annotations$/);
        check('read-only: annotations are asked for with ?annotator=', get && get.query === '?annotator=' + encodeURIComponent(params.get('annotator')));
        check('read-only: no category buttons, finish button or inputs', !document.querySelector('button[data-category]')
            && !document.getElementById('cs-finish') && !document.querySelector('#cs-panel input, #cs-panel select, #cs-panel textarea'));
        var first = api.list().sort(function (a, b) { return a.start - b.start || a.end - b.end; })[0];
        segs(first.id)[0].click();
        check('read-only: clicking a highlight shows the annotation', !!selected() && !document.querySelector('#cs-panel .cs-panel-body').hidden
            && /Category/.test(document.getElementById('cs-panel').textContent));
        var n0 = api.requests.length;
        key('Delete', document.body);
        var s = span('rapporteur');
        ed.selectRange(s.start, s.end);
        key('1', document.body);
        await sleep(30);
        check('read-only: keys write nothing', requestsSince(n0).length === 0);
    }

    async function run() {
        ed = window.claimscopeEditor;
        check('the editor is ready', root.dataset.ready === 'true' && ed && ed.readyAt > 0);
        checkRendering();
        checkOffsets();
        if (params.get('annotator')) {
            await checkReadOnly();
        } else {
            if (api.doc.state === 'FINISHED') {
                await checkFinishedAtStart();
            }
            var made = await checkCreate();
            await checkClickCycle(made.inner);
            await checkEditing(made.created);
            await checkConflict(made.created);
            await checkErrors(made.created);
            await checkDelete(made.cross);
            await checkFinish();
            checkRendering();
        }
        check('every request carried X-Requested-With: claimscope', api.missingHeader.length === 0, api.missingHeader);
    }

    function report(error) {
        var passed = results.filter(function (r) { return r.ok; }).length;
        var failed = results.length - passed;
        if (error) {
            failed++;
            results.push({ name: 'selftest crashed: ' + (error && error.stack || error), ok: false, info: '' });
        }
        var lines = results.map(function (r) { return (r.ok ? 'PASS ' : 'FAIL ') + r.name + (r.info ? '  ' + r.info : ''); });
        lines.push(passed + ' passed, ' + failed + ' failed');
        document.getElementById('harness-report').textContent = lines.join('\n');
        document.title = 'SELFTEST ' + (failed ? 'FAIL' : 'PASS') + ' ' + passed + '/' + (passed + failed);
        window.selftestResult = { passed: passed, failed: failed, results: results };
        lines.forEach(function (l) { console.log('[selftest] ' + l); });
    }

    function go() {
        run().then(function () { report(); }, function (e) { report(e); });
    }

    if (root.dataset.ready === 'true') {
        go();
    } else {
        root.addEventListener('claimscope:ready', function () { setTimeout(go, 0); });
    }
}());
