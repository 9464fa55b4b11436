/*
 * An in-memory stand-in for Claimscope's REST API, for trying the annotation editor without a
 * server: it replaces window.fetch for URLs under /api/v1 and answers like the real resources
 * (code-point offsets, versions and 409 on a stale version, problem+json errors, the
 * X-Requested-With rule for writes, FINISHED sets refusing changes).
 *
 * URL parameters of harness.html:
 *   words=50000        length of the generated document (default 800)
 *   annotations=2000   number of generated annotations (default 60)
 *   seed=42            random seed (the same seed gives the same document)
 *   latency=0          milliseconds before each answer
 *   state=IN_PROGRESS  the caller's set state at start (NEW, IN_PROGRESS, FINISHED)
 *   annotator=bob      open the read-only curator view of bob's annotations
 *   persist=1          keep annotations and state in sessionStorage, so a reload shows them
 *
 * window.fakeApi gives tests a handle on the store: requests, editElsewhere, deleteElsewhere,
 * failNext, setStateElsewhere, annotation(id), cpToU16.
 */
(function () {
    'use strict';

    var params = new URLSearchParams(location.search);

    function intParam(name, dflt) {
        var v = parseInt(params.get(name), 10);
        return isNaN(v) ? dflt : v;
    }

    var WORDS = intParam('words', 800);
    var ANNOTATIONS = intParam('annotations', 60);
    var SEED = intParam('seed', 42);
    var LATENCY = intParam('latency', 0);
    var PERSIST = params.get('persist') === '1';
    var STORAGE_KEY = 'claimscope-fake-api:' + WORDS + ':' + ANNOTATIONS + ':' + SEED;
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

    // ---- codebook (the default one, plus a few retired entries) ---------------------------------

    var codebook = {
        projectId: 7,
        version: 3,
        name: 'Legal and policy claims',
        categories: [
            { key: 'LEGAL_ASSERTION', label: 'Legal assertion', colour: '#2563eb', hotkey: '1', retired: false,
                description: 'A statement that a legal rule, status or characterisation does or does not apply.' },
            { key: 'EXPERT_OPINION', label: 'Expert opinion', colour: '#d97706', hotkey: '2', retired: false,
                description: 'A legal or factual evaluation by someone who is not a party to the conduct.' },
            { key: 'OFFICIAL_JUSTIFICATION', label: 'Official justification', colour: '#16a34a', hotkey: '3', retired: false,
                description: 'A reason the acting government or its officials give for their own conduct.' },
            { key: 'OLD_CLAIM', label: 'Old claim', colour: '#9333ea', hotkey: '4', retired: true,
                description: 'Retired in version 2.' }
        ],
        subtypes: [
            ['ARMED_CONFLICT_NOTICE', 'Armed conflict notice'], ['COMBATANT_STATUS', 'Combatant status'],
            ['WAR_CRIMES_CLAIM', 'War crimes claim'], ['EXTRAJUDICIAL_KILLING_CLAIM', 'Extrajudicial killing claim'],
            ['SELF_DEFENSE', 'Self-defence'], ['WAR_POWERS', 'War powers'], ['TERRORISM_DESIGNATION', 'Terrorism designation'],
            ['TARGETING_LAWFULNESS', 'Targeting lawfulness'], ['SOVEREIGNTY_USE_OF_FORCE', 'Sovereignty and use of force'],
            ['COVERT_ACTION', 'Covert action'], ['OTHER', 'Other'], ['LEGACY_ISSUE', 'Legacy issue']
        ].map(function (s) {
            return { key: s[0], label: s[1], description: '', retired: s[0] === 'LEGACY_ISSUE' };
        }),
        attributes: [
            { key: 'speaker', label: 'Speaker', type: 'TEXT', values: [] },
            { key: 'speakerRole', label: 'Speaker role', type: 'ONE_OF', values: ['GOVERNMENT_EXECUTIVE', 'MILITARY', 'LEGISLATOR',
                'JUDICIARY', 'INTERNATIONAL_BODY', 'NGO', 'LEGAL_EXPERT', 'JOURNALIST', 'FOREIGN_GOVERNMENT', 'ANONYMOUS_OFFICIAL', 'OTHER']
                .map(function (k) { return { key: k, label: k.charAt(0) + k.slice(1).toLowerCase().replace(/_/g, ' '), retired: false }; }) },
            { key: 'stance', label: 'Stance', type: 'ONE_OF', values: ['ASSERTS_LAWFUL', 'ASSERTS_UNLAWFUL', 'QUESTIONS', 'NEUTRAL']
                .map(function (k) { return { key: k, label: k.charAt(0) + k.slice(1).toLowerCase().replace(/_/g, ' '), retired: false }; }) },
            { key: 'quoteType', label: 'Quote type', type: 'ONE_OF', values: ['DIRECT', 'INDIRECT', 'MIXED', 'LABEL_ONLY']
                .map(function (k) { return { key: k, label: k.charAt(0) + k.slice(1).toLowerCase().replace(/_/g, ' '), retired: false }; }) },
            { key: 'hedge', label: 'Hedge', type: 'ONE_OF', values: ['NONE', 'ALLEGEDLY', 'REPORTEDLY', 'CLAIMED', 'OTHER', 'DOUBTFUL']
                .map(function (k) { return { key: k, label: k.charAt(0) + k.slice(1).toLowerCase().replace(/_/g, ' '), retired: k === 'DOUBTFUL' }; }) },
            { key: 'note', label: 'Note', type: 'TEXT', values: [] }
        ]
    };

    // ---- the document ------------------------------------------------------------------------------

    var FIXED = [
        'Officials said the two dozen strikes are "fully within legal bounds", according to a notice sent to Congress.',
        'The UN 🇺🇳 rapporteur called the killings extrajudicial 👍🏽 and said the cafe\u0301 owner, who writes re\u0301sume\u0301s, saw it.',
        'قال المتحدث باسم الوزارة إن الضربات قانونية تماماً وفق القانون الدولي.',
        'הדובר אמר כי התקיפות חוקיות לחלוטין לפי החוק הבינלאומי.',
        'Law-of-war experts have labeled the strikes outright murders and war crimes, a charge the Pentagon rejects.'
    ];
    var EN = ('the administration said strikes were lawful under the laws of war because cartel members are unlawful combatants '
        + 'experts argue that the killings amount to murder and violate international law while officials insist the president '
        + 'has authority under article two to defend the nation against narcoterrorists who smuggle drugs into the country '
        + 'Congress was notified of an armed conflict with designated terrorist organizations and several senators questioned '
        + 'whether the notice satisfied the war powers resolution a former judge advocate told reporters that targeting '
        + 'civilians suspected of crimes is never permitted the Pentagon declined to comment on the legal justification').split(' ');
    var SPECIAL = ['🇺🇳', '👍🏽', 'cafe\u0301', 're\u0301sume\u0301', 'café', 'naïve', '“unlawful combatants”', '(reportedly)', '—', 'e\u0301te\u0301'];
    var AR = 'قال مسؤولون إن الضربات قانونية لكن خبراء القانون الدولي وصفوها بأنها قتل خارج نطاق القضاء'.split(' ');
    var HE = 'פקידים אמרו שהתקיפות חוקיות אך מומחים למשפט בינלאומי כינו אותן הריגה ללא משפט'.split(' ');

    var parts = [];
    var words = [];      // {s, e, para} in code points
    var paraWords = [];  // paragraph -> [first word index, last word index]
    var cp = 0;
    var para = 0;

    function addParagraph(tokens) {
        var first = words.length;
        for (var i = 0; i < tokens.length; i++) {
            if (i) {
                parts.push(' ');
                cp += 1;
            }
            var w = tokens[i];
            var n = cpLen(w);
            words.push({ s: cp, e: cp + n, para: para });
            parts.push(w);
            cp += n;
        }
        paraWords.push([first, words.length - 1]);
        para++;
    }

    function addBreak() {
        var br = rnd() < 0.8 ? '\n\n' : '\n';
        parts.push(br);
        cp += br.length;
    }

    FIXED.forEach(function (line, i) {
        if (i) {
            addBreak();
        }
        addParagraph(line.split(' '));
    });
    while (words.length < WORDS) {
        addBreak();
        var len = Math.min(between(12, 90), Math.max(1, WORDS - words.length));
        var kind = rnd();
        var tokens = [];
        var vocab = kind < 0.06 ? AR : kind < 0.1 ? HE : EN;
        for (var k = 0; k < len; k++) {
            tokens.push(vocab === EN && rnd() < 0.03 ? pick(SPECIAL) : pick(vocab));
        }
        if (vocab === EN) {
            tokens[0] = tokens[0].charAt(0).toUpperCase() + tokens[0].slice(1);
            tokens[tokens.length - 1] += '.';
        }
        addParagraph(tokens);
    }
    var TEXT = parts.join('');

    // code point -> UTF-16 index
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
        id: 1,
        projectId: 7,
        title: 'Harness: strikes on alleged drug boats (' + words.length.toLocaleString('en') + ' words)',
        text: TEXT,
        textSha256: 'harness-' + SEED,
        textLength: CP_LENGTH,
        metadata: {
            author: 'Test Reporter', publishedAt: '2025-10-29T08:00:00Z', siteName: 'The Harness Times',
            sourceUrl: 'https://example.org/news/strikes', language: 'en', mediaType: 'text/html', fileName: 'strikes.html'
        },
        state: params.get('state') || 'IN_PROGRESS'
    };

    // ---- generated annotations ---------------------------------------------------------------------

    var SPEAKERS = ['Donald Trump', 'Pete Hegseth', 'law-of-war experts', 'UNODC', 'officials', 'a former judge advocate',
        'Senator Tim Kaine', 'the Pentagon', 'المتحدث باسم الوزارة', 'הדובר'];
    var store = new Map();
    var nextId = 1001;
    var nextVersion = 0;
    var clock = Date.parse('2025-11-01T09:00:00Z');

    function now() {
        clock += 1000;
        return new Date(clock).toISOString();
    }

    function randomContent() {
        var r = rnd();
        var category = r < 0.02 ? 'OLD_CLAIM' : r < 0.4 ? 'LEGAL_ASSERTION' : r < 0.7 ? 'EXPERT_OPINION' : 'OFFICIAL_JUSTIFICATION';
        var subtypes = [];
        var ns = between(0, 2);
        for (var i = 0; i < ns; i++) {
            var s = pick(codebook.subtypes).key;
            if (subtypes.indexOf(s) < 0) {
                subtypes.push(s);
            }
        }
        var attributes = {};
        if (rnd() < 0.8) {
            attributes.speaker = pick(SPEAKERS);
        }
        codebook.attributes.forEach(function (a) {
            if (a.type === 'ONE_OF' && rnd() < 0.6) {
                attributes[a.key] = pick(a.values).key;
            }
        });
        if (rnd() < 0.1) {
            attributes.note = 'Check the attribution 👍🏽 against the original quote.';
        }
        return { category: category, subtypes: subtypes, attributes: attributes };
    }

    function addGenerated(start, end, content, annotator) {
        if (!(end > start)) {
            return null;
        }
        var created = now();
        var a = {
            id: nextId++, version: 0, start: start, end: end, quote: quote(start, end), category: content.category,
            subtypes: content.subtypes, attributes: content.attributes, annotator: annotator || 'alice',
            createdAt: created, updatedAt: created
        };
        store.set(a.id, a);
        return a;
    }

    function wordSpan(i, j) {
        return [words[i].s, words[j].e];
    }

    // fixed ones: a nested pair and an overlap in the first paragraphs, so every run has them
    if (ANNOTATIONS > 0) {
        var p0 = paraWords[0];
        addGenerated(words[p0[0]].s, words[p0[1]].e, { category: 'OFFICIAL_JUSTIFICATION', subtypes: ['TARGETING_LAWFULNESS'],
            attributes: { speaker: 'officials', speakerRole: 'GOVERNMENT_EXECUTIVE', stance: 'ASSERTS_LAWFUL', quoteType: 'INDIRECT' } });
        addGenerated(words[p0[0] + 4].s, words[p0[0] + 11].e, { category: 'LEGAL_ASSERTION', subtypes: [],
            attributes: { speaker: 'officials', quoteType: 'MIXED' } });
        var p4 = paraWords[4];
        addGenerated(words[p4[0]].s, words[p4[0] + 9].e, { category: 'EXPERT_OPINION', subtypes: ['WAR_CRIMES_CLAIM'],
            attributes: { speaker: 'law-of-war experts', speakerRole: 'LEGAL_EXPERT', stance: 'ASSERTS_UNLAWFUL' } });
        addGenerated(words[p4[0] + 6].s, words[p4[1]].e, { category: 'LEGAL_ASSERTION', subtypes: ['WAR_CRIMES_CLAIM', 'LEGACY_ISSUE'],
            attributes: { speaker: 'the Pentagon', hedge: 'DOUBTFUL' } });
    }
    var list = [];
    store.forEach(function (a) { list.push(a); });
    while (store.size < ANNOTATIONS) {
        var r = rnd();
        var sp;
        if (r < 0.12 && list.length) {
            // nested inside an existing one
            var outer = pick(list);
            var wi = wordIndexAt(outer.start);
            var wj = wordIndexAt(outer.end - 1);
            if (wj - wi < 2) {
                continue;
            }
            var a0 = between(wi, wj - 1);
            sp = wordSpan(a0, between(a0, Math.min(wj, a0 + 6)));
        } else if (r < 0.24 && list.length) {
            // overlapping an existing one
            var o = pick(list);
            var oi = wordIndexAt(o.start);
            var oj = wordIndexAt(o.end - 1);
            if (oj - oi < 1) {
                continue;
            }
            var s0 = between(oi + 1, oj);
            sp = wordSpan(s0, Math.min(words.length - 1, oj + between(1, 6)));
        } else if (r < 0.27) {
            // across two paragraphs
            var pi = between(0, paraWords.length - 2);
            var pw = paraWords[pi];
            var qw = paraWords[pi + 1];
            sp = wordSpan(Math.max(pw[0], pw[1] - between(0, 4)), Math.min(qw[1], qw[0] + between(0, 4)));
        } else {
            var w = between(0, words.length - 1);
            var pwx = paraWords[words[w].para];
            sp = wordSpan(w, Math.min(pwx[1], w + between(1, 18)));
        }
        list.push(addGenerated(sp[0], sp[1], randomContent()));
    }

    function wordIndexAt(cpOffset) {
        var lo = 0;
        var hi = words.length - 1;
        while (lo < hi) {
            var mid = (lo + hi + 1) >> 1;
            if (words[mid].s <= cpOffset) {
                lo = mid;
            } else {
                hi = mid - 1;
            }
        }
        return lo;
    }

    // ---- persistence across reloads (optional) ------------------------------------------------

    function persist() {
        if (!PERSIST) {
            return;
        }
        try {
            sessionStorage.setItem(STORAGE_KEY, JSON.stringify({
                annotations: Array.from(store.values()), state: doc.state, nextId: nextId, nextVersion: nextVersion, clock: clock
            }));
        } catch (e) { /* quota: ignore */ }
    }

    if (PERSIST) {
        try {
            var saved = JSON.parse(sessionStorage.getItem(STORAGE_KEY) || 'null');
            if (saved) {
                store.clear();
                saved.annotations.forEach(function (a) { store.set(a.id, a); });
                doc.state = saved.state;
                nextId = saved.nextId;
                nextVersion = saved.nextVersion;
                clock = saved.clock;
            }
        } catch (e) { /* start afresh */ }
    }

    // ---- the API ---------------------------------------------------------------------------------

    function problem(status, detail, field) {
        var titles = { 400: 'Bad Request', 401: 'Unauthorized', 403: 'Forbidden', 404: 'Not Found', 409: 'Conflict', 500: 'Internal Server Error' };
        var body = { type: 'about:blank', title: titles[status] || 'Error', status: status, detail: detail };
        if (field) {
            body.field = field;
        }
        return { status: status, body: body, type: 'application/problem+json' };
    }

    function ok(body, status) {
        return { status: status || 200, body: body, type: 'application/json' };
    }

    function Invalid(field, detail) {
        this.field = field;
        this.detail = detail;
    }

    function validate(input, previous) {
        if (!Number.isInteger(input.start)) {
            throw new Invalid('start', 'start is required');
        }
        if (!Number.isInteger(input.end)) {
            throw new Invalid('end', 'end is required');
        }
        if (input.start < 0) {
            throw new Invalid('start', 'start must not be negative');
        }
        if (input.end > CP_LENGTH) {
            throw new Invalid('end', 'end ' + input.end + ' is beyond the end of the text (' + CP_LENGTH + ' code points)');
        }
        if (input.start >= input.end) {
            throw new Invalid('start', 'start must be before end');
        }
        var cat = codebook.categories.filter(function (c) { return c.key === input.category; })[0];
        if (!input.category) {
            throw new Invalid('category', 'category is required');
        }
        if (!cat) {
            throw new Invalid('category', 'unknown category ' + input.category);
        }
        if (cat.retired && (!previous || previous.category !== input.category)) {
            throw new Invalid('category', 'category ' + input.category + ' is retired and cannot be chosen anew');
        }
        (input.subtypes || []).forEach(function (k) {
            var s = codebook.subtypes.filter(function (x) { return x.key === k; })[0];
            if (!s) {
                throw new Invalid('subtypes', 'unknown subtype ' + k);
            }
            if (s.retired && (!previous || previous.subtypes.indexOf(k) < 0)) {
                throw new Invalid('subtypes', 'subtype ' + k + ' is retired and cannot be chosen anew');
            }
        });
        var attrs = input.attributes || {};
        Object.keys(attrs).forEach(function (k) {
            var def = codebook.attributes.filter(function (a) { return a.key === k; })[0];
            if (!def) {
                throw new Invalid('attributes.' + k, 'unknown attribute ' + k);
            }
            var v = attrs[k];
            if (v === null || v === undefined) {
                return;
            }
            if (typeof v !== 'string') {
                throw new Invalid('attributes.' + k, k + ' must be a string');
            }
            if (def.type === 'ONE_OF') {
                var val = def.values.filter(function (x) { return x.key === v; })[0];
                if (!val) {
                    throw new Invalid('attributes.' + k, 'unknown value ' + v + ' for ' + k);
                }
                if (val.retired && !(previous && previous.attributes[k] === v)) {
                    throw new Invalid('attributes.' + k, 'value ' + v + ' of ' + k + ' is retired');
                }
            }
            if (def.type === 'TEXT' && v.length > (k === 'speaker' ? 500 : 10000)) {
                throw new Invalid('attributes.' + k, k + ' is too long');
            }
        });
    }

    function keptAttributes(attrs) {
        var out = {};
        Object.keys(attrs || {}).forEach(function (k) {
            var v = attrs[k];
            if (v !== null && v !== undefined && String(v).trim() !== '') {
                out[k] = v;
            }
        });
        return out;
    }

    function copy(a) {
        return JSON.parse(JSON.stringify(a));
    }

    function touch() {
        if (doc.state === 'NEW') {
            doc.state = 'IN_PROGRESS';
        }
    }

    var failures = [];

    var api = {
        doc: doc,
        codebook: codebook,
        store: store,
        requests: [],
        missingHeader: [],
        cpToU16: cpToU16,
        words: words,
        paraWords: paraWords,
        generationMs: 0,
        annotation: function (id) { var a = store.get(Number(id)); return a ? copy(a) : null; },
        list: function () { return Array.from(store.values()).map(copy); },
        /** Another tab changes an annotation: a new version. */
        editElsewhere: function (id, changes) {
            var a = store.get(Number(id));
            Object.keys(changes || {}).forEach(function (k) { a[k] = changes[k]; });
            if (changes && (changes.start !== undefined || changes.end !== undefined)) {
                a.quote = quote(a.start, a.end);
            }
            a.version = ++nextVersion;
            a.updatedAt = now();
            persist();
            return copy(a);
        },
        deleteElsewhere: function (id) { store.delete(Number(id)); persist(); },
        setStateElsewhere: function (state) { doc.state = state; persist(); },
        /** The next `times` requests (matching method, if given) fail with status and detail. */
        failNext: function (status, detail, times, method) {
            failures.push({ status: status, detail: detail || 'simulated failure', times: times || 1, method: method || null });
        },
        quote: quote
    };
    window.fakeApi = api;

    function handle(method, path, query, body) {
        var m;
        if (method === 'GET' && (m = /^\/documents\/(\d+)$/.exec(path))) {
            if (+m[1] !== doc.id) {
                return problem(404, 'there is no document ' + m[1]);
            }
            return ok(copy(doc));
        }
        if ((m = /^\/documents\/(\d+)\/annotations$/.exec(path))) {
            if (+m[1] !== doc.id) {
                return problem(404, 'there is no document ' + m[1]);
            }
            if (method === 'GET') {
                var who = query.get('annotator');
                var all = Array.from(store.values()).map(function (a) {
                    var c = copy(a);
                    if (who) {
                        c.annotator = who;
                    }
                    return c;
                }).sort(function (a, b) { return a.start - b.start || a.end - b.end || a.id - b.id; });
                return ok(all);
            }
            if (method === 'POST') {
                if (doc.state === 'FINISHED') {
                    return problem(409, 'you marked this document finished; reopen it to change its annotations');
                }
                validate(body, null);
                var created = now();
                var a = {
                    id: nextId++, version: ++nextVersion, start: body.start, end: body.end, quote: quote(body.start, body.end),
                    category: body.category, subtypes: (body.subtypes || []).filter(function (v, i, arr) { return arr.indexOf(v) === i; }),
                    attributes: keptAttributes(body.attributes), annotator: 'alice', createdAt: created, updatedAt: created
                };
                store.set(a.id, a);
                touch();
                persist();
                return ok(copy(a), 201);
            }
        }
        if ((m = /^\/annotations\/(\d+)$/.exec(path))) {
            var cur = store.get(+m[1]);
            if (!cur) {
                return problem(404, 'there is no annotation ' + m[1]);
            }
            if (method === 'PUT') {
                if (body.version === undefined || body.version === null) {
                    throw new Invalid('version', 'version is required: send the version you last read');
                }
                if (Number(body.version) !== cur.version) {
                    return problem(409, 'this annotation was changed elsewhere (another tab or device) since you loaded it; '
                        + 'reload it to see the current version, then make your change again');
                }
                if (doc.state === 'FINISHED') {
                    return problem(409, 'you marked this document finished; reopen it to change its annotations');
                }
                validate(body, cur);
                cur.start = body.start;
                cur.end = body.end;
                cur.quote = quote(body.start, body.end);
                cur.category = body.category;
                cur.subtypes = (body.subtypes || []).filter(function (v, i, arr) { return arr.indexOf(v) === i; });
                cur.attributes = keptAttributes(body.attributes);
                cur.version = ++nextVersion;
                cur.updatedAt = now();
                touch();
                persist();
                return ok(copy(cur));
            }
            if (method === 'DELETE') {
                if (doc.state === 'FINISHED') {
                    return problem(409, 'you marked this document finished; reopen it to change its annotations');
                }
                store.delete(cur.id);
                persist();
                return { status: 204, body: null };
            }
        }
        if (method === 'PUT' && (m = /^\/documents\/(\d+)\/state$/.exec(path))) {
            if (!body || (body.state !== 'FINISHED' && body.state !== 'IN_PROGRESS')) {
                throw new Invalid('state', 'state must be IN_PROGRESS or FINISHED');
            }
            doc.state = body.state;
            persist();
            return ok({ state: doc.state });
        }
        if (method === 'GET' && (m = /^\/projects\/(\d+)\/codebook$/.exec(path))) {
            return ok(copy(codebook));
        }
        if (method === 'GET' && (m = /^\/projects\/(\d+)\/speakers$/.exec(path))) {
            var names = {};
            store.forEach(function (a) { if (a.attributes.speaker) { names[a.attributes.speaker.trim()] = true; } });
            return ok(Object.keys(names).sort());
        }
        return problem(404, 'no such resource: ' + method + ' ' + path);
    }

    var realFetch = window.fetch ? window.fetch.bind(window) : null;

    window.fetch = function (input, init) {
        var url = typeof input === 'string' ? input : input.url;
        var u = new URL(url, 'http://harness.invalid/');
        var idx = u.pathname.indexOf('/api/v1');
        if (idx < 0) {
            return realFetch ? realFetch(input, init) : Promise.reject(new TypeError('no fetch'));
        }
        init = init || {};
        var method = (init.method || 'GET').toUpperCase();
        var headers = {};
        var h = init.headers || {};
        if (typeof h.forEach === 'function' && !Array.isArray(h)) {
            h.forEach(function (v, k) { headers[k.toLowerCase()] = v; });
        } else {
            Object.keys(h).forEach(function (k) { headers[k.toLowerCase()] = h[k]; });
        }
        var path = u.pathname.slice(idx + '/api/v1'.length);
        var body = null;
        if (init.body) {
            try {
                body = JSON.parse(init.body);
            } catch (e) {
                body = undefined;
            }
        }
        var record = { method: method, path: path, query: u.search, headers: headers, body: body, at: performance.now() };
        api.requests.push(record);
        if (headers['x-requested-with'] !== 'claimscope') {
            api.missingHeader.push(method + ' ' + path);
        }
        return new Promise(function (resolve) {
            setTimeout(function () {
                var res;
                var f = failures.filter(function (x) { return !x.method || x.method === method; })[0];
                if (f) {
                    if (--f.times <= 0) {
                        failures.splice(failures.indexOf(f), 1);
                    }
                    res = f.status === 0 ? null : problem(f.status, f.detail);
                    if (!res) {
                        record.status = 0;
                        resolve(Promise.reject(new TypeError('Failed to fetch')));
                        return;
                    }
                } else if (method !== 'GET' && headers['x-requested-with'] === undefined) {
                    res = problem(403, 'requests signed in with the session cookie must send the header X-Requested-With');
                } else if (body === undefined) {
                    res = problem(400, 'the request body is not valid JSON');
                } else {
                    try {
                        res = handle(method, path, u.searchParams, body || {});
                    } catch (e) {
                        if (e instanceof Invalid) {
                            res = problem(400, e.detail, e.field);
                        } else {
                            console.error(e);
                            res = problem(500, 'something went wrong on the server; nothing was changed');
                        }
                    }
                }
                record.status = res.status;
                resolve(new Response(res.body === null ? null : JSON.stringify(res.body), {
                    status: res.status,
                    headers: res.body === null ? {} : { 'Content-Type': res.type }
                }));
            }, LATENCY);
        });
    };

    api.generationMs = performance.now() - t0;
}());
