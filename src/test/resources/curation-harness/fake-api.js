/*
 * An in-memory stand-in for Claimscope's curation API, for trying the curation page without a
 * server: it replaces window.fetch for URLs under /api/v1 and answers like the real resources
 * (code-point offsets, units formed from the finished sets, resolutions, versions and 409 on a
 * stale version or a finished curation, problem+json errors, the X-Requested-With rule for writes).
 *
 * URL parameters of harness.html:
 *   words=1200        length of the generated document (default 1200)
 *   statements=60     statements the annotators marked (default 60); about a third disagree, a third are partial
 *   annotators=3      finished annotators (default 3)
 *   inprogress=1      add a fourth annotator whose set is still in progress (not in the units)
 *   seed=42           random seed
 *   latency=0         milliseconds before each answer
 *   state=NEW         the curation's state at start (NEW, IN_PROGRESS, FINISHED)
 *   automerge=1       the project merges unanimous units when the curation starts
 *   anonymous=1       annotators are shown as pseudonyms
 *
 * window.fakeApi gives tests a handle on the store: requests, curated(), units(), decisions,
 * editElsewhere(id), setStateElsewhere(state), failNext(status, detail), state().
 */
(function () {
    'use strict';

    var params = new URLSearchParams(location.search);

    function intParam(name, dflt) {
        var v = parseInt(params.get(name), 10);
        return isNaN(v) ? dflt : v;
    }

    var WORDS = intParam('words', 1200);
    var STATEMENTS = intParam('statements', 60);
    var ANNOTATORS = Math.max(1, Math.min(6, intParam('annotators', 3)));
    var SEED = intParam('seed', 42);
    var LATENCY = intParam('latency', 0);
    var AUTOMERGE = params.get('automerge') === '1';
    var ANONYMOUS = params.get('anonymous') === '1';
    var IN_PROGRESS = params.get('inprogress') === '1';
    var t0 = performance.now();

    function mulberry32(a) {
        return function () {
            a |= 0;
            a = a + 0x6D2B79F5 | 0;
            var t = Math.imul(a ^ a >>> 15, 1 | a);
            t = t + Math.imul(t ^ t >>> 7, 61 | t) ^ t;
            return ((t ^ t >>> 14) >>> 0) / 4294967296;
        };
    }

    var rnd = mulberry32(SEED);

    function pick(arr) {
        return arr[Math.floor(rnd() * arr.length)];
    }

    function between(lo, hi) {
        return lo + Math.floor(rnd() * (hi - lo + 1));
    }

    function cpLen(s) {
        var n = 0;
        for (var i = 0; i < s.length; i++) {
            var c = s.charCodeAt(i);
            if (c < 0xDC00 || c > 0xDFFF) {
                n++;
            }
        }
        return n;
    }

    // ---- codebook (the default one) --------------------------------------------------------------

    function values(keys) {
        return keys.map(function (k) { return { key: k, label: k.charAt(0) + k.slice(1).toLowerCase().replace(/_/g, ' '), retired: false }; });
    }

    var codebook = {
        projectId: 7,
        version: 1,
        name: 'Legal and policy claims',
        categories: [
            { key: 'LEGAL_ASSERTION', label: 'Legal assertion', colour: '#2563eb', hotkey: '1', retired: false, description: 'A legal rule applies or not.' },
            { key: 'EXPERT_OPINION', label: 'Expert opinion', colour: '#059669', hotkey: '2', retired: false, description: 'An evaluation by a non-party.' },
            { key: 'OFFICIAL_JUSTIFICATION', label: 'Official justification', colour: '#d97706', hotkey: '3', retired: false, description: 'A reason officials give.' }
        ],
        subtypes: [
            ['ARMED_CONFLICT_NOTICE', 'Armed conflict notice'], ['COMBATANT_STATUS', 'Combatant status'],
            ['WAR_CRIMES_CLAIM', 'War crimes claim'], ['EXTRAJUDICIAL_KILLING_CLAIM', 'Extrajudicial killing claim'],
            ['SELF_DEFENSE', 'Self-defence'], ['WAR_POWERS', 'War powers'], ['TERRORISM_DESIGNATION', 'Terrorism designation'],
            ['TARGETING_LAWFULNESS', 'Targeting lawfulness'], ['SOVEREIGNTY_USE_OF_FORCE', 'Sovereignty and use of force'],
            ['COVERT_ACTION', 'Covert action'], ['OTHER', 'Other']
        ].map(function (s) { return { key: s[0], label: s[1], description: '', retired: false }; }),
        attributes: [
            { key: 'speaker', label: 'Speaker', type: 'TEXT', values: [] },
            { key: 'speakerRole', label: 'Speaker role', type: 'ONE_OF', values: values(['GOVERNMENT_EXECUTIVE', 'MILITARY', 'LEGISLATOR',
                'JUDICIARY', 'INTERNATIONAL_BODY', 'NGO', 'LEGAL_EXPERT', 'JOURNALIST', 'FOREIGN_GOVERNMENT', 'ANONYMOUS_OFFICIAL', 'OTHER']) },
            { key: 'stance', label: 'Stance', type: 'ONE_OF', values: values(['ASSERTS_LAWFUL', 'ASSERTS_UNLAWFUL', 'QUESTIONS', 'NEUTRAL']) },
            { key: 'quoteType', label: 'Quote type', type: 'ONE_OF', values: values(['DIRECT', 'INDIRECT', 'MIXED', 'LABEL_ONLY']) },
            { key: 'hedge', label: 'Hedge', type: 'ONE_OF', values: values(['NONE', 'ALLEGEDLY', 'REPORTEDLY', 'CLAIMED', 'OTHER']) },
            { key: 'note', label: 'Note', type: 'TEXT', values: [] }
        ]
    };
    var CATS = codebook.categories.map(function (c) { return c.key; });
    var SUBTYPES = codebook.subtypes.map(function (s) { return s.key; });

    // ---- the document ------------------------------------------------------------------------------

    var EN = ('the administration said strikes were lawful under the laws of war because cartel members are unlawful combatants '
        + 'experts argue that the killings amount to murder and violate international law while officials insist the president '
        + 'has authority under article two to defend the nation against narcoterrorists who smuggle drugs into the country '
        + 'Congress was notified of an armed conflict with designated terrorist organizations and several senators questioned '
        + 'whether the notice satisfied the war powers resolution').split(' ');
    var SPECIAL = ['🇺🇳', '👍🏽', 'cafe\u0301', 'naïve', '“unlawful combatants”', '𝔘𝔑', '—'];

    var parts = [];
    var words = [];      // {s, e} in code points
    var cp = 0;
    var first = true;
    while (words.length < WORDS) {
        if (!first) {
            parts.push('\n');
            cp += 1;
        }
        first = false;
        var len = Math.min(between(20, 110), Math.max(1, WORDS - words.length));
        for (var k = 0; k < len; k++) {
            if (k) {
                parts.push(' ');
                cp += 1;
            }
            var w = rnd() < 0.03 ? pick(SPECIAL) : pick(EN);
            if (k === 0) {
                w = w.charAt(0).toUpperCase() + w.slice(1);
            }
            if (k === len - 1) {
                w += '.';
            }
            var n = cpLen(w);
            words.push({ s: cp, e: cp + n });
            parts.push(w);
            cp += n;
        }
    }
    var TEXT = parts.join('');
    var cpToU16 = new Uint32Array(cp + 1);
    (function () {
        var c = 0;
        for (var i = 0; i < TEXT.length; i++) {
            var code = TEXT.charCodeAt(i);
            if (code >= 0xDC00 && code <= 0xDFFF) {
                continue;
            }
            cpToU16[c++] = i;
        }
        cpToU16[c] = TEXT.length;
    }());
    var CP_LENGTH = cp;

    function quote(start, end) {
        return TEXT.slice(cpToU16[start], cpToU16[end]);
    }

    var doc = {
        id: 1, projectId: 7, title: 'Strikes on Venezuelan boats: what officials and experts say (curation harness)',
        text: TEXT, textSha256: 'fake', textLength: CP_LENGTH,
        metadata: { author: 'Harness', publishedAt: '2025-12-30', siteName: 'Fake News Desk', sourceUrl: null, language: 'en',
            mediaType: 'text/plain', fileName: 'fake.txt' },
        state: 'NEW'
    };

    // ---- annotators and their finished sets --------------------------------------------------------

    var LOGINS = ['anna', 'bruno', 'chen', 'dalia', 'emil', 'farah'].slice(0, ANNOTATORS);
    var label = function (login, i) { return ANONYMOUS ? 'A' + (i + 1) : login; };
    var LABELS = LOGINS.map(label);
    var nextId = 1000;
    var now = new Date().toISOString();
    var annotatorAnns = [];   // all annotator annotations: {..., annotator: label}

    function ann(lbl, start, end, category, subtypes, attributes) {
        return { id: nextId++, version: 1, start: start, end: end, quote: quote(start, end), category: category,
            subtypes: subtypes, attributes: attributes, annotator: lbl, createdAt: now, updatedAt: now };
    }

    // statements: non-overlapping word ranges, spread over the text
    var statements = [];
    var slot = Math.max(3, Math.floor(words.length / Math.max(1, STATEMENTS)));
    for (var st = 0; st < STATEMENTS; st++) {
        var w0 = st * slot + between(0, Math.max(0, Math.floor(slot / 3)));
        var w1 = Math.min(words.length - 1, w0 + between(1, Math.max(1, Math.floor(slot / 2))));
        if (w0 >= words.length - 1) {
            break;
        }
        statements.push({ w0: w0, w1: w1 });
    }
    var groups = [];          // per statement: label -> annotation
    statements.forEach(function (s) {
        var base = {
            start: words[s.w0].s, end: words[s.w1].e, category: pick(CATS),
            subtypes: rnd() < 0.6 ? [pick(SUBTYPES)] : [],
            attributes: rnd() < 0.5 ? { speaker: pick(['officials', 'experts', 'the president', 'senators']), hedge: pick(['NONE', 'REPORTEDLY']) } : {}
        };
        var kind = rnd();
        var g = {};
        LABELS.forEach(function (lbl, i) {
            var v = { start: base.start, end: base.end, category: base.category, subtypes: base.subtypes.slice(), attributes: Object.assign({}, base.attributes) };
            if (kind >= 0.35 && kind < 0.7 && i === LABELS.length - 1) {
                // a disagreement: the last annotator differs in one facet
                var facet = between(0, 3);
                if (facet === 0) {
                    v.category = CATS[(CATS.indexOf(v.category) + 1) % CATS.length];
                } else if (facet === 1) {
                    v.subtypes = v.subtypes.length ? [] : [pick(SUBTYPES)];
                } else if (facet === 2) {
                    v.attributes = Object.assign({}, v.attributes, { stance: 'QUESTIONS' });
                } else if (s.w1 > s.w0) {
                    v.start = words[s.w0 + 1].s;
                }
            }
            if (kind >= 0.7 && LABELS.length > 1 && (i === (statements.indexOf(s) % LABELS.length))) {
                return; // partial: one annotator did not mark it
            }
            g[lbl] = ann(lbl, v.start, v.end, v.category, v.subtypes, v.attributes);
            annotatorAnns.push(g[lbl]);
        });
        if (Object.keys(g).length) {
            groups.push(g);
        }
    });
    var layers = LABELS.map(function (lbl) {
        return { annotator: lbl, state: 'FINISHED', annotations: annotatorAnns.filter(function (a) { return a.annotator === lbl; }).length };
    });
    if (IN_PROGRESS) {
        layers.push({ annotator: ANONYMOUS ? 'A' + (LABELS.length + 1) : 'dora', state: 'IN_PROGRESS', annotations: 4 });
    }

    function sameSet(a, b) {
        return JSON.stringify(a.slice().sort()) === JSON.stringify(b.slice().sort());
    }

    function sameAttrs(a, b) {
        function clean(x) {
            var out = {};
            Object.keys(x || {}).sort().forEach(function (k) { if (x[k] && String(x[k]).trim()) { out[k] = String(x[k]); } });
            return JSON.stringify(out);
        }
        return clean(a) === clean(b);
    }

    /** Units as UnitFormation forms them here: one per statement (statements do not overlap). */
    var units = groups.map(function (g) {
        var list = LABELS.map(function (l) { return g[l]; }).filter(Boolean);
        var start = Math.min.apply(null, list.map(function (a) { return a.start; }));
        var end = Math.max.apply(null, list.map(function (a) { return a.end; }));
        var f = list[0];
        var agree = { span: true, category: true, subtypes: true, attributes: true };
        list.forEach(function (o) {
            agree.span = agree.span && o.start === f.start && o.end === f.end;
            agree.category = agree.category && o.category === f.category;
            agree.subtypes = agree.subtypes && sameSet(o.subtypes, f.subtypes);
            agree.attributes = agree.attributes && sameAttrs(o.attributes, f.attributes);
        });
        var agreeOn = ['span', 'category', 'subtypes', 'attributes'].filter(function (k) { return agree[k]; });
        var status = list.length < LABELS.length ? 'PARTIAL' : agreeOn.length === 4 ? 'AGREE' : 'DISAGREE';
        var versions = {};
        LABELS.forEach(function (l) { versions[l] = g[l] || null; });
        return { start: start, end: end, status: status, agreeOn: agreeOn, versions: versions };
    });
    units.sort(function (a, b) { return a.start - b.start || a.end - b.end; });

    // ---- the curation ------------------------------------------------------------------------------

    var store = {
        state: params.get('state') || 'NEW',
        version: params.get('state') && params.get('state') !== 'NEW' ? 1 : null,
        curated: new Map(),
        decisions: new Map(),   // "start:end" -> {rejected, note}
        requests: [],
        failNext: null
    };

    function copy(x) {
        return JSON.parse(JSON.stringify(x));
    }

    function resolution(u) {
        var covered = false;
        store.curated.forEach(function (c) {
            if (c.start < u.end && u.start < c.end) {
                covered = true;
            }
        });
        var d = store.decisions.get(u.start + ':' + u.end);
        return covered ? 'CURATED' : d && d.rejected ? 'REJECTED' : 'OPEN';
    }

    function view() {
        var curated = Array.from(store.curated.values()).sort(function (a, b) { return a.start - b.start || a.end - b.end || a.id - b.id; });
        return {
            documentId: 1, state: store.state, version: store.version, anonymous: ANONYMOUS, annotators: copy(layers),
            units: units.map(function (u) {
                var d = store.decisions.get(u.start + ':' + u.end);
                return { start: u.start, end: u.end, status: u.status, agreeOn: u.agreeOn.slice(), resolution: resolution(u),
                    note: d && d.note ? d.note : null, versions: copy(u.versions) };
            }),
            curated: copy(curated)
        };
    }

    function problem(status, detail, field) {
        var e = new Error(detail);
        e.status = status;
        e.problem = { type: 'about:blank', title: status === 409 ? 'Conflict' : status === 400 ? 'Bad Request' : 'Error', status: status, detail: detail };
        if (field) {
            e.problem.field = field;
        }
        return e;
    }

    function start() {
        if (store.state === 'NEW') {
            store.state = 'IN_PROGRESS';
            store.version = 0;
            if (AUTOMERGE) {
                merge();
            }
        }
    }

    function checkOpen() {
        if (store.state === 'FINISHED') {
            throw problem(409, 'the curation of this document is finished; reopen it to change the curated layer');
        }
    }

    function validate(body) {
        if (typeof body.start !== 'number') {
            throw problem(400, 'start is required', 'start');
        }
        if (typeof body.end !== 'number') {
            throw problem(400, 'end is required', 'end');
        }
        if (body.start < 0 || body.end > CP_LENGTH || body.end <= body.start) {
            throw problem(400, 'the span ' + body.start + '..' + body.end + ' is not inside the text (0..' + CP_LENGTH + ')', 'start');
        }
        if (CATS.indexOf(body.category) < 0) {
            throw problem(400, 'unknown category ' + body.category + '; the codebook has ' + CATS, 'category');
        }
        (body.subtypes || []).forEach(function (s) {
            if (SUBTYPES.indexOf(s) < 0) {
                throw problem(400, 'unknown subtype ' + s, 'subtypes');
            }
        });
    }

    function curatedAnn(body) {
        var a = { id: nextId++, version: 0, start: body.start, end: body.end, quote: quote(body.start, body.end), category: body.category,
            subtypes: (body.subtypes || []).slice(), attributes: Object.assign({}, body.attributes || {}), annotator: 'curated',
            createdAt: new Date().toISOString(), updatedAt: new Date().toISOString() };
        store.curated.set(a.id, a);
        return a;
    }

    function merge() {
        if (LABELS.length < 2) {
            return 0;
        }
        var n = 0;
        units.forEach(function (u) {
            if (u.status === 'AGREE' && resolution(u) === 'OPEN') {
                var s = u.versions[LABELS[0]];
                curatedAnn(s);
                n++;
            }
        });
        return n;
    }

    function findAnnotatorAnn(id) {
        for (var i = 0; i < annotatorAnns.length; i++) {
            if (annotatorAnns[i].id === id) {
                return annotatorAnns[i];
            }
        }
        return null;
    }

    function handle(method, path, body) {
        var m;
        if (method === 'GET' && path === '/documents/1') {
            return [200, copy(doc)];
        }
        if (method === 'GET' && path === '/projects/7/codebook') {
            return [200, copy(codebook)];
        }
        if (method === 'GET' && path === '/documents/1/curation') {
            return [200, view()];
        }
        if (method === 'POST' && path === '/documents/1/curation/annotations') {
            start();
            checkOpen();
            if (body && body.sourceAnnotationId != null) {
                var src = findAnnotatorAnn(body.sourceAnnotationId);
                if (!src) {
                    throw problem(400, 'there is no annotator\u2019s annotation ' + body.sourceAnnotationId + ' on document 1', 'sourceAnnotationId');
                }
                return [201, copy(curatedAnn(src))];
            }
            validate(body || {});
            return [201, copy(curatedAnn(body))];
        }
        if ((m = /^\/curation\/annotations\/(\d+)$/.exec(path))) {
            var a = store.curated.get(+m[1]);
            if (!a) {
                throw problem(404, 'there is no curated annotation ' + m[1]);
            }
            if (method === 'GET') {
                return [200, copy(a)];
            }
            if (method === 'PUT') {
                if (body.version == null) {
                    throw problem(400, 'version is required: send the version you last read', 'version');
                }
                if (body.version !== a.version) {
                    throw problem(409, 'this curated annotation was changed by another curator since you loaded it; reload to see the current version, then make your change again');
                }
                checkOpen();
                validate(body);
                a.start = body.start;
                a.end = body.end;
                a.quote = quote(a.start, a.end);
                a.category = body.category;
                a.subtypes = (body.subtypes || []).slice();
                a.attributes = Object.assign({}, body.attributes || {});
                a.version++;
                a.updatedAt = new Date().toISOString();
                return [200, copy(a)];
            }
            if (method === 'DELETE') {
                checkOpen();
                store.curated.delete(a.id);
                return [204, null];
            }
        }
        if (method === 'POST' && path === '/documents/1/curation/merge-unanimous') {
            start();
            checkOpen();
            return [200, { count: merge() }];
        }
        if (method === 'PUT' && path === '/documents/1/curation/units') {
            if (typeof body.start !== 'number' || typeof body.end !== 'number') {
                throw problem(400, 'send {start, end, rejected, note} for the unit', 'start');
            }
            start();
            checkOpen();
            var note = body.note == null || !String(body.note).trim() ? null : String(body.note).trim();
            store.decisions.set(body.start + ':' + body.end, { rejected: !!body.rejected, note: note });
            return [200, { start: body.start, end: body.end, rejected: !!body.rejected, note: note }];
        }
        if (method === 'PUT' && path === '/documents/1/curation/state') {
            if (body.state !== 'IN_PROGRESS' && body.state !== 'FINISHED') {
                throw problem(400, 'state must be IN_PROGRESS or FINISHED', 'state');
            }
            start();
            store.state = body.state;
            store.version++;
            return [200, { state: body.state }];
        }
        throw problem(404, 'no such resource in the fake API: ' + method + ' ' + path);
    }

    var realFetch = window.fetch.bind(window);
    window.fetch = function (url, init) {
        var u = new URL(url, location.href);
        var i = u.pathname.indexOf('/api/v1');
        if (i < 0) {
            return realFetch(url, init);
        }
        var path = u.pathname.slice(i + 7);
        var method = (init && init.method) || 'GET';
        var body = init && init.body ? JSON.parse(init.body) : undefined;
        var headers = (init && init.headers) || {};
        store.requests.push({ method: method, path: path, body: body });
        return new Promise(function (resolve) {
            setTimeout(function () {
                var status;
                var data;
                try {
                    if (method !== 'GET' && !headers['X-Requested-With']) {
                        throw problem(403, 'requests signed in with the session cookie must send the header X-Requested-With');
                    }
                    if (store.failNext && method !== 'GET') {
                        var f = store.failNext;
                        store.failNext = null;
                        throw problem(f.status, f.detail);
                    }
                    var r = handle(method, path, body);
                    status = r[0];
                    data = r[1];
                } catch (e) {
                    if (!e.problem) {
                        console.error(e);
                    }
                    status = e.status || 500;
                    data = e.problem || { status: 500, detail: String(e) };
                }
                var type = status >= 400 ? 'application/problem+json' : 'application/json';
                resolve(new Response(status === 204 ? null : JSON.stringify(data), { status: status, headers: { 'Content-Type': type } }));
            }, LATENCY);
        });
    };

    window.fakeApi = {
        doc: doc,
        labels: LABELS,
        units: function () { return view().units; },
        curated: function () { return Array.from(store.curated.values()); },
        decisions: store.decisions,
        requests: store.requests,
        state: function () { return store.state; },
        quote: quote,
        annotatorAnnotations: function () { return annotatorAnns.slice(); },
        generationMs: performance.now() - t0,
        /** Another curator changes a curated annotation (its version goes up). */
        editElsewhere: function (id) {
            var a = store.curated.get(+id);
            a.attributes = Object.assign({}, a.attributes, { note: 'changed by another curator' });
            a.version++;
        },
        setStateElsewhere: function (state) {
            store.state = state;
        },
        failNext: function (status, detail) {
            store.failNext = { status: status, detail: detail };
        }
    };
}());
