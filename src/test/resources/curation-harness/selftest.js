/*
 * In-page checks of the curation page against the fake API. Runs when harness.html is opened with
 * ?selftest=1. Results go to #harness-report, the console (a closing line "N passed, N failed"),
 * window.selftestResult and the title ("SELFTEST PASS n/n" or "SELFTEST FAIL …").
 *
 *   node --experimental-websocket run-harness.mjs --selftest [--query anonymous=1]
 */
(function () {
    'use strict';
    var params = new URLSearchParams(location.search);
    if (params.get('selftest') !== '1') {
        return;
    }
    var root = document.getElementById('cs-curation');
    var results = [];
    var api = window.fakeApi;
    var cur;

    function check(name, cond, info) {
        results.push({ name: name, ok: !!cond, info: cond ? '' : (info === undefined ? '' : typeof info === 'string' ? info : JSON.stringify(info)) });
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

    function key(k) {
        document.body.dispatchEvent(new KeyboardEvent('keydown', { key: k, bubbles: true, cancelable: true }));
    }

    function li(u) {
        return root.querySelector('li[data-unit-start="' + u.start + '"][data-unit-end="' + u.end + '"]');
    }

    function fakeUnit(key) {
        var p = key.split('#')[0].split(':');
        return api.units().filter(function (u) { return u.start === +p[0] && u.end === +p[1]; })[0];
    }

    function idle() {
        return cur.idle().then(function () { return cur.idle(); });
    }

    function message() {
        var m = document.getElementById('cs-message');
        return m ? m.textContent : '';
    }

    function clickAction(id) {
        var b = root.querySelector('#cs-message button[data-action="' + id + '"]');
        if (b) {
            b.click();
        }
        return !!b;
    }

    async function run() {
        cur = window.claimscopeCuration;
        var units = api.units();
        var labels = api.labels;

        // rendering
        check('ready with the state', root.dataset.ready === 'true' && root.dataset.state === 'NEW', root.dataset.state);
        check('one list item per unit', root.querySelectorAll('li[data-unit-start][data-unit-end][data-status][data-resolution]').length === units.length,
            root.querySelectorAll('li[data-unit-start]').length + ' vs ' + units.length);
        var dis = units.filter(function (u) { return u.status === 'DISAGREE'; })[0];
        check('a disagreement is marked in the list', dis && li(dis).getAttribute('data-status') === 'DISAGREE');
        check('a disagreement is marked in the text', root.querySelectorAll('#cs-text .cs-u-disagree').length > 0);
        check('counts', document.getElementById('cs-count-open').textContent === String(units.length)
            && document.getElementById('cs-count-resolved').textContent === '0');
        // every unit's text in the page is the text the fake API has at those code points
        var bad = units.filter(function (u) {
            var segs = cur.curation.segmentsOfUnit(cur.curation.unitByKey.get(u.start + ':' + u.end));
            var t = Array.prototype.map.call(segs, function (s) { return s.textContent; }).join('');
            return t.replace(/\n/g, '') !== api.quote(u.start, u.end).replace(/\n/g, '');
        });
        check('units sit on their code-point offsets in the text', bad.length === 0, bad.slice(0, 2));

        // n jumps to the first open disagreement
        key('n');
        var firstOpen = units.filter(function (u) { return u.status !== 'AGREE'; })[0];
        check('n selects the first open disagreement', cur.selectedUnit() === firstOpen.start + ':' + firstOpen.end,
            cur.selectedUnit() + ' vs ' + firstOpen.start + ':' + firstOpen.end);
        check('the panel shows every annotator', labels.every(function (l) {
            return root.querySelector('#cs-versions th[data-annotator="' + l + '"]');
        }));
        key('p');
        var lastOpen = units.filter(function (u) { return u.status !== 'AGREE'; }).slice(-1)[0];
        check('p from the first wraps to the last', cur.selectedUnit() === lastOpen.start + ':' + lastOpen.end);
        key('n');

        // number key accepts that annotator's version
        var u1 = fakeUnit(cur.selectedUnit());
        var n = labels.findIndex(function (l) { return u1.versions[l]; });
        key(String(n + 1));
        key(String(n + 1)); // twice, quickly: still one copy
        await idle();
        var copies = api.curated().filter(function (a) { return a.start === u1.versions[labels[n]].start && a.end === u1.versions[labels[n]].end; });
        check('a number key accepts that version, once', copies.length === 1 && copies[0].category === u1.versions[labels[n]].category, copies);
        check('the curation started', root.dataset.state === 'IN_PROGRESS');
        if (params.get('automerge') === '1') {
            check('the automatic merge is told', /merged at once/.test(message()), message());
        }
        check('the unit is curated', li(u1).getAttribute('data-resolution') === 'CURATED');
        var accepted = root.querySelector('button[data-accept="' + labels[n] + '"]');
        check('its button says accepted', accepted && /Accepted/.test(accepted.textContent));

        // accepting another version asks before replacing
        var other = labels.findIndex(function (l, i) { return i !== n && u1.versions[l] && JSON.stringify(u1.versions[l]) !== JSON.stringify(u1.versions[labels[n]]); });
        if (other >= 0 && u1.status === 'DISAGREE') {
            root.querySelector('button[data-accept="' + labels[other] + '"]').click();
            check('accepting a second version asks', /already has 1 annotation/.test(message()), message());
            clickAction('replace');
            await idle();
            var inUnit = api.curated().filter(function (a) { return a.start < u1.end && u1.start < a.end; });
            check('replace leaves only the other version', inUnit.length === 1 && inUnit[0].category === u1.versions[labels[other]].category, inUnit);
        }

        // next open disagreement, reject with r (and back)
        key('n');
        var u2 = fakeUnit(cur.selectedUnit());
        check('n moves on', u2 && (u2.start !== u1.start || u2.end !== u1.end));
        key('r');
        await idle();
        check('r rejects', li(u2).getAttribute('data-resolution') === 'REJECTED' && api.decisions.get(u2.start + ':' + u2.end).rejected);
        key('r');
        await idle();
        check('r again takes it back', li(u2).getAttribute('data-resolution') === 'OPEN');
        key('r');
        await idle();

        // note
        var note = document.getElementById('cs-note');
        note.focus();
        note.value = 'A1 read the hedge wrongly';
        note.dispatchEvent(new Event('input', { bubbles: true }));
        note.dispatchEvent(new Event('change', { bubbles: true }));
        await idle();
        await until(function () { return api.decisions.get(u2.start + ':' + u2.end).note === 'A1 read the hedge wrongly'; }, 2000);
        var d2 = api.decisions.get(u2.start + ':' + u2.end);
        check('the note is saved and the rejection kept', d2.note === 'A1 read the hedge wrongly' && d2.rejected, d2);
        note.blur();

        // edit the curated annotation of u1: change its category
        cur.curation.selectUnit(u1.start + ':' + u1.end);
        var a1 = api.curated().filter(function (a) { return a.start < u1.end && u1.start < a.end; })[0];
        root.querySelector('button[data-edit="' + a1.id + '"]').click();
        var sel = document.getElementById('cs-edit-category');
        var newCat = ['LEGAL_ASSERTION', 'EXPERT_OPINION', 'OFFICIAL_JUSTIFICATION'].filter(function (c) { return c !== a1.category; })[0];
        sel.value = newCat;
        sel.dispatchEvent(new Event('change', { bubbles: true }));
        var st = root.querySelector('#cs-edit input[name=subtype][value=WAR_POWERS]');
        st.checked = true;
        st.dispatchEvent(new Event('change', { bubbles: true }));
        document.getElementById('cs-edit-save').click();
        await idle();
        var a1b = api.curated().filter(function (x) { return x.id === a1.id; })[0];
        check('edit changes category and subtypes', a1b.category === newCat && a1b.subtypes.indexOf('WAR_POWERS') >= 0, a1b);
        check('the form closes after saving', !document.getElementById('cs-edit'));

        // another curator changed it meanwhile: 409, nothing overwritten, the change can be applied again
        root.querySelector('button[data-edit="' + a1.id + '"]').click();
        api.editElsewhere(a1.id);
        document.getElementById('cs-edit-speaker').value = 'my speaker';
        document.getElementById('cs-edit-speaker').dispatchEvent(new Event('input', { bubbles: true }));
        document.getElementById('cs-edit-save').click();
        await idle();
        check('a stale edit is told', /changed by another curator/.test(message()) && root.querySelector('#cs-message').dataset.kind === 'error', message());
        var a1c = api.curated().filter(function (x) { return x.id === a1.id; })[0];
        check('nothing was overwritten', a1c.attributes.note === 'changed by another curator' && a1c.attributes.speaker !== 'my speaker', a1c);
        check('the form keeps the change', document.getElementById('cs-edit-speaker') && document.getElementById('cs-edit-speaker').value === 'my speaker');
        clickAction('reapply');
        await idle();
        var a1d = api.curated().filter(function (x) { return x.id === a1.id; })[0];
        check('applied again on the fresh version', a1d.attributes.speaker === 'my speaker' && a1d.attributes.note === 'changed by another curator', a1d);

        // delete and undo
        root.querySelector('button[data-delete="' + a1.id + '"]').click();
        await idle();
        check('delete removes it', !api.curated().some(function (x) { return x.id === a1.id; }) && li(u1).getAttribute('data-resolution') === 'OPEN');
        clickAction('undo');
        await idle();
        check('undo restores it', api.curated().some(function (x) { return x.start === a1d.start && x.category === a1d.category; })
            && li(u1).getAttribute('data-resolution') === 'CURATED');

        // merge unanimous
        var agree = units.filter(function (u) { return u.status === 'AGREE'; });
        document.getElementById('cs-merge').click();
        await idle();
        // (with automerge=1 the first decision merged them already)
        check('merge says how many', params.get('automerge') === '1' ? /0 merged/.test(message())
            : new RegExp('Merged ' + agree.length + ' unanimous').test(message()), message());
        check('agreeing units are curated', agree.every(function (u) { return li(u).getAttribute('data-resolution') === 'CURATED'; }));

        // a passage nobody marked, selected with the mouse (here: by range) and given a category
        var text = api.doc.text;
        var covered = new Uint8Array(api.doc.textLength + 1);
        api.units().forEach(function (u) { for (var i = u.start; i < u.end; i++) { covered[i] = 1; } });
        api.curated().forEach(function (u) { for (var i = u.start; i < u.end; i++) { covered[i] = 1; } });
        var cps = Array.from(text);
        var gs = -1;
        var ge = -1;
        // prefer a gap with a character outside the BMP, to check the code points
        for (var i = 0; i < cps.length && gs < 0; i++) {
            if (cps[i].length === 2 && !covered[i] && i > 5 && !covered[i - 5] && !covered[i + 5]) {
                gs = i - 5;
                ge = i + 5;
            }
        }
        if (gs < 0) {
            for (i = 10; i < cps.length - 10; i++) {
                if (!covered[i] && !covered[i + 10]) {
                    gs = i;
                    ge = i + 10;
                    break;
                }
            }
        }
        while (/\s/.test(cps[gs])) {
            gs++;
        }
        while (/\s/.test(cps[ge - 1])) {
            ge--;
        }
        cur.selectRange(gs, ge);
        var off = cur.offsetsOfSelection();
        check('the selection maps back to code points', off && off.start === gs && off.end === ge, off);
        root.querySelector('button[data-category="EXPERT_OPINION"]').click();
        await idle();
        var mine = api.curated().filter(function (a) { return a.start === gs && a.end === ge; })[0];
        check('a passage nobody marked is added', mine && mine.category === 'EXPERT_OPINION' && mine.quote === cps.slice(gs, ge).join(''), mine);
        check('it is listed as the curator\u2019s own', root.querySelector('li[data-curated-id="' + (mine && mine.id) + '"]'));

        // finished elsewhere: the next write is refused with the server's words
        api.setStateElsewhere('FINISHED');
        var open = api.units().filter(function (u) { return u.resolution === 'OPEN' && u.status !== 'AGREE'; })[0];
        cur.curation.selectUnit(open.start + ':' + open.end);
        var k = labels.findIndex(function (l) { return open.versions[l]; });
        key(String(k + 1));
        await idle();
        check('a 409 shows the server\u2019s message', /curation of this document is finished/.test(message()), message());
        check('the page now shows the finished state', root.dataset.state === 'FINISHED'
            && document.getElementById('cs-finish').textContent === 'Reopen');
        check('accept buttons are off when finished', root.querySelector('button[data-accept]').disabled);

        // reopen, then finish with open units (asks first)
        document.getElementById('cs-finish').click();
        await idle();
        check('reopen', root.dataset.state === 'IN_PROGRESS' && api.state() === 'IN_PROGRESS');
        document.getElementById('cs-finish').click();
        check('finishing with open units asks', /still open/.test(message()), message());
        clickAction('finish');
        await idle();
        check('finished', root.dataset.state === 'FINISHED' && api.state() === 'FINISHED');

        // a network failure is reported, and the page keeps the server's view
        document.getElementById('cs-finish').click();
        await idle();
        api.failNext(500, 'database unavailable');
        document.getElementById('cs-merge').click();
        await idle();
        check('other errors are shown', /database unavailable/.test(message()), message());

        // the layer picker underlines an annotator's layer
        var pick = document.getElementById('cs-layer');
        pick.value = labels[0];
        pick.dispatchEvent(new Event('change', { bubbles: true }));
        var underlined = root.querySelectorAll('#cs-text [data-a]').length;
        check('an annotator\u2019s layer can be underlined', underlined > 0);
        pick.value = '';
        pick.dispatchEvent(new Event('change', { bubbles: true }));
    }

    function report() {
        var passed = results.filter(function (r) { return r.ok; }).length;
        var failed = results.length - passed;
        window.selftestResult = { passed: passed, failed: failed, results: results };
        document.title = failed ? 'SELFTEST FAIL ' + failed + '/' + results.length : 'SELFTEST PASS ' + passed + '/' + results.length;
        var out = results.map(function (r) { return (r.ok ? 'PASS ' : 'FAIL ') + r.name + (r.info ? '  ' + r.info : ''); }).join('\n');
        document.getElementById('harness-report').textContent = out + '\n' + passed + ' passed, ' + failed + ' failed';
        console.log(out + '\n' + passed + ' passed, ' + failed + ' failed');
    }

    root.addEventListener('claimscope:ready', function () {
        run().catch(function (e) {
            check('the self-test ran to its end', false, String(e && e.stack || e));
        }).then(report);
    });
}());
