/*
 * Claimscope curation (adjudication) page.
 *
 * A self-contained module without dependencies and without a build step, like the annotation
 * editor (editor.js), whose conventions and look it shares. It starts on DOMContentLoaded when the
 * page has an element #cs-curation and reads its data attributes
 *   data-api          base URL of the REST API, e.g. /claimscope/api/v1
 *   data-document-id  the document to curate
 * then renders everything from GET /documents/{id}/curation: the text with the units (statements
 * as the annotators marked them) coloured by status, the list of units, and for the selected unit
 * every annotator's version side by side with the curated layer's annotations.
 *
 * Every write goes to the server and is followed by a fresh read of the curation, so the page
 * always shows what the server holds (the first write may start the curation and merge the
 * unanimous units by itself).
 *
 * Offsets on the wire are Unicode code points (start inclusive, end exclusive). JavaScript strings
 * are UTF-16, so the page converts at the edges through an index built once per text.
 */
(function () {
    'use strict';

    var SCRIPT_START = performance.now();
    var HEADER = { 'X-Requested-With': 'XMLHttpRequest' };
    var MAX_LEVELS = 4;          // underline levels shown; deeper nesting shares the last level
    var BAND = 3;                // px per underline level (2px line + 1px gap)
    var NOTE_DEBOUNCE_MS = 800;  // the note saves after a pause in typing, or when it loses focus
    var EXCERPT = 80;            // code points of a quote shown in the list
    var FACETS = ['span', 'category', 'subtypes', 'attributes'];
    var FACET_LABELS = { span: 'Span', category: 'Category', subtypes: 'Subtypes', attributes: 'Attributes' };
    var STATUS_LABELS = { AGREE: 'Agree', DISAGREE: 'Disagree', PARTIAL: 'Partial' };
    var RESOLUTION_LABELS = { OPEN: 'Open', CURATED: 'Curated', REJECTED: 'Rejected' };

    // ------------------------------------------------------------------------------------------
    // Small helpers (as in editor.js)

    function esc(s) {
        return String(s).replace(/[&<>"']/g, function (c) {
            return c === '&' ? '&amp;' : c === '<' ? '&lt;' : c === '>' ? '&gt;' : c === '"' ? '&quot;' : '&#39;';
        });
    }

    function escText(s) {
        return s.indexOf('&') < 0 && s.indexOf('<') < 0 && s.indexOf('>') < 0 ? s
            : s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
    }

    function el(tag, attrs, children) {
        var e = document.createElement(tag);
        if (attrs) {
            Object.keys(attrs).forEach(function (k) {
                var v = attrs[k];
                if (v === null || v === undefined || v === false) {
                    return;
                }
                if (k === 'text') {
                    e.textContent = v;
                } else if (k === 'html') {
                    e.innerHTML = v;
                } else if (k.slice(0, 2) === 'on') {
                    e.addEventListener(k.slice(2), v);
                } else if (v === true) {
                    e.setAttribute(k, '');
                } else {
                    e.setAttribute(k, String(v));
                }
            });
        }
        (children || []).forEach(function (c) {
            if (c !== null && c !== undefined) {
                e.appendChild(typeof c === 'string' ? document.createTextNode(c) : c);
            }
        });
        return e;
    }

    function isWs(ch) {
        return /\s/.test(ch);
    }

    function isTypingTarget(t) {
        if (!t || t.nodeType !== 1) {
            return false;
        }
        var tag = t.tagName;
        if (tag === 'TEXTAREA' || tag === 'SELECT') {
            return true;
        }
        if (tag === 'INPUT') {
            var type = (t.getAttribute('type') || 'text').toLowerCase();
            return ['button', 'submit', 'reset', 'checkbox', 'radio', 'image', 'range', 'color'].indexOf(type) < 0;
        }
        return !!t.isContentEditable;
    }

    function stateLabel(s) {
        return s === 'FINISHED' ? 'Finished' : s === 'IN_PROGRESS' ? 'In progress' : s === 'NEW' ? 'Not started' : String(s || '');
    }

    function plural(n, one, many) {
        return n + ' ' + (n === 1 ? one : many);
    }

    function cleanAttrs(attrs) {
        var out = {};
        Object.keys(attrs || {}).forEach(function (k) {
            var v = attrs[k];
            if (v !== null && v !== undefined && String(v).trim() !== '') {
                out[k] = String(v);
            }
        });
        return out;
    }

    /** Content of an annotation, comparable with JSON equality: span, category, subtypes as a set, non-blank attributes. */
    function contentKey(a, withSpan) {
        var attrs = cleanAttrs(a.attributes);
        var sorted = {};
        Object.keys(attrs).sort().forEach(function (k) { sorted[k] = attrs[k]; });
        return JSON.stringify([withSpan === false ? 0 : a.start, withSpan === false ? 0 : a.end, a.category,
            (a.subtypes || []).slice().sort(), sorted]);
    }

    function contentOf(a) {
        return { start: a.start, end: a.end, category: a.category, subtypes: (a.subtypes || []).slice(), attributes: cleanAttrs(a.attributes) };
    }

    /** What a draft changes compared with the content it was made from (as in editor.js). */
    function changesOf(draft, base) {
        var out = {};
        if (draft.start !== base.start || draft.end !== base.end) {
            out.start = draft.start;
            out.end = draft.end;
        }
        if (draft.category !== base.category) {
            out.category = draft.category;
        }
        var ds = (draft.subtypes || []).slice().sort();
        var bs = (base.subtypes || []).slice().sort();
        if (JSON.stringify(ds) !== JSON.stringify(bs)) {
            out.added = ds.filter(function (k) { return bs.indexOf(k) < 0; });
            out.removed = bs.filter(function (k) { return ds.indexOf(k) < 0; });
        }
        var da = cleanAttrs(draft.attributes);
        var ba = cleanAttrs(base.attributes);
        var keys = {};
        Object.keys(da).concat(Object.keys(ba)).forEach(function (k) { keys[k] = true; });
        Object.keys(keys).forEach(function (k) {
            if (da[k] !== ba[k]) {
                (out.attributes || (out.attributes = {}))[k] = da[k] === undefined ? '' : da[k];
            }
        });
        return out;
    }

    /** Someone else's current content with one curator's changes on top. */
    function mergeChanges(current, ch) {
        var m = contentOf(current);
        if (ch.start !== undefined) {
            m.start = ch.start;
            m.end = ch.end;
        }
        if (ch.category !== undefined) {
            m.category = ch.category;
        }
        (ch.added || []).forEach(function (k) { if (m.subtypes.indexOf(k) < 0) { m.subtypes.push(k); } });
        (ch.removed || []).forEach(function (k) { m.subtypes = m.subtypes.filter(function (x) { return x !== k; }); });
        Object.keys(ch.attributes || {}).forEach(function (k) {
            if (ch.attributes[k] === '') {
                delete m.attributes[k];
            } else {
                m.attributes[k] = ch.attributes[k];
            }
        });
        return m;
    }

    /** Code-point <-> UTF-16 index of one text, built once (as in editor.js). */
    function TextIndex(text) {
        var n = text.length;
        var cpTo16 = new Uint32Array(n + 1);
        var u16ToCp = new Uint32Array(n + 1);
        var cp = 0;
        for (var i = 0; i < n; i++) {
            var c = text.charCodeAt(i);
            cpTo16[cp] = i;
            u16ToCp[i] = cp;
            if (c >= 0xD800 && c <= 0xDBFF && i + 1 < n) {
                var d = text.charCodeAt(i + 1);
                if (d >= 0xDC00 && d <= 0xDFFF) {
                    i++;
                    u16ToCp[i] = cp;
                }
            }
            cp++;
        }
        cpTo16[cp] = n;
        u16ToCp[n] = cp;
        this.text = text;
        this.cpLength = cp;
        this.cpTo16 = cpTo16.subarray(0, cp + 1);
        this.u16ToCp = u16ToCp;
    }

    TextIndex.prototype.toU16 = function (cp) {
        cp = Math.max(0, Math.min(this.cpLength, cp | 0));
        return this.cpTo16[cp];
    };
    TextIndex.prototype.toCp = function (u) {
        u = Math.max(0, Math.min(this.text.length, u | 0));
        return this.u16ToCp[u];
    };
    TextIndex.prototype.toCpEnd = function (u) {
        u = Math.max(0, Math.min(this.text.length, u | 0));
        var cp = this.u16ToCp[u];
        return this.cpTo16[cp] < u ? cp + 1 : cp;
    };

    // ------------------------------------------------------------------------------------------
    // API client (as in editor.js)

    function ApiError(status, problem) {
        this.status = status;
        this.problem = problem || {};
        this.message = (problem && (problem.detail || problem.title)) || ('HTTP ' + status);
    }

    function Api(base) {
        this.base = (base || '').replace(/\/+$/, '');
        this.contextPath = this.base.replace(/\/api\/v\d+$/, '');
    }

    Api.prototype.request = function (method, path, body) {
        var headers = { 'Accept': 'application/json, application/problem+json' };
        Object.keys(HEADER).forEach(function (k) { headers[k] = HEADER[k]; });
        var init = { method: method, headers: headers, credentials: 'same-origin', cache: 'no-store' };
        if (body !== undefined) {
            headers['Content-Type'] = 'application/json';
            init.body = JSON.stringify(body);
        }
        var url = this.base + path;
        var login = this.contextPath + '/login.xhtml';
        return fetch(url, init).then(function (res) {
            if (res.status === 204) {
                return null;
            }
            var type = (res.headers.get('Content-Type') || '').toLowerCase();
            return res.text().then(function (raw) {
                var data = null;
                if (raw && type.indexOf('json') >= 0) {
                    try {
                        data = JSON.parse(raw);
                    } catch (e) {
                        data = null;
                    }
                }
                if (res.status === 401) {
                    throw new ApiError(401, {
                        title: 'Signed out',
                        detail: 'You are no longer signed in (the session ended). Sign in again in another tab (' + login
                            + '), then come back and try again: nothing in this page was discarded.'
                    });
                }
                if (!res.ok) {
                    throw new ApiError(res.status, data || { title: res.statusText, detail: 'The server answered ' + res.status
                        + ' ' + (res.statusText || '') + ' to ' + method + ' ' + path + '.' });
                }
                if (type.indexOf('json') < 0 || (data === null && raw)) {
                    throw new ApiError(401, {
                        title: 'Signed out',
                        detail: 'The server did not answer with data; you may have been signed out. Sign in again in another '
                            + 'tab (' + login + '), then come back and try again: nothing in this page was discarded.'
                    });
                }
                return data;
            });
        }, function (networkError) {
            throw new ApiError(0, {
                title: 'Offline',
                detail: 'Could not reach the server (' + (networkError && networkError.message || 'network error')
                    + '). Nothing was changed; try again when the connection is back.'
            });
        });
    };

    // ------------------------------------------------------------------------------------------
    // The curation page

    function Curation(root) {
        this.root = root;
        root.__csCuration = this;
        this.api = new Api(root.getAttribute('data-api') || 'api/v1');
        this.documentId = (root.getAttribute('data-document-id') || '').trim();
        this.units = [];
        this.curated = [];
        this.curatedById = new Map();
        this.sel = null;             // {kind: 'unit', key} or {kind: 'extra', id}
        this.layer = '';             // whose annotations are underlined: '' = curated layer, else an annotator label
        this.listFilter = 'all';
        this.styleKeys = new Map();
        this.styleRules = [];
        this.paraCache = [];
        this.queue = Promise.resolve();
        this.pending = 0;            // requests under way (notes included)
        this.writing = 0;            // writes under way that are followed by a fresh read
        this.editing = null;         // {id: curated id or null for a new one, unitKey, draft, version}
        this.noteDraft = null;       // {key, start, end, text}
        this.noteTimer = null;
        this.timings = { scriptStart: SCRIPT_START };
    }

    Curation.prototype.init = function () {
        var self = this;
        this.buildShell();
        if (!this.documentId) {
            this.showMessage('error', 'No document was given: open this page with ?document=ID.');
            return Promise.resolve();
        }
        var id = encodeURIComponent(this.documentId);
        var docP = this.api.request('GET', '/documents/' + id);
        var viewP = this.api.request('GET', '/documents/' + id + '/curation');
        viewP.catch(function () { /* reported below */ });
        return docP.then(function (doc) {
            self.doc = doc;
            var cbP = self.api.request('GET', '/projects/' + encodeURIComponent(doc.projectId) + '/codebook');
            return Promise.all([cbP, viewP]);
        }).then(function (res) {
            self.timings.fetched = performance.now();
            self.start(self.doc, res[0], res[1]);
        }).catch(function (e) {
            var loading = self.root.querySelector('.cs-loading');
            if (loading) {
                loading.remove();
            }
            var detail = e && e.message || String(e);
            if (e && e.status === 403) {
                detail += ' (curation is for the project\u2019s curators and managers)';
            }
            self.showMessage('error', 'The curation could not be loaded: ' + detail);
            if (window.console && !(e instanceof ApiError)) {
                console.error(e);
            }
        });
    };

    // ---- shell ---------------------------------------------------------------------------------

    Curation.prototype.buildShell = function () {
        var root = this.root;
        root.innerHTML = '';
        root.classList.add('cs-editor', 'cs-curation');
        this.styleEl = el('style', { id: 'cs-curation-style' });
        this.headerEl = el('header', { 'class': 'cs-doc' }, [
            el('p', { 'class': 'cs-crumbs', id: 'cs-crumbs' }),
            el('h1', { 'class': 'cs-title', id: 'cs-title', dir: 'auto', text: 'Loading the curation\u2026' }),
            el('p', { 'class': 'cs-meta', id: 'cs-meta' }),
            el('p', { 'class': 'cs-layers', id: 'cs-layers' })
        ]);
        this.toolbarEl = el('div', { 'class': 'cs-toolbar', role: 'toolbar', 'aria-label': 'Curation tools' });
        this.messageEl = el('div', { id: 'cs-message', 'class': 'cs-message', role: 'status', 'aria-live': 'polite' });
        this.listEl = el('ul', { id: 'cs-units', 'class': 'cs-list cs-unit-list', 'aria-label': 'Units in text order', 'data-filter': 'all' });
        this.filterEl = el('div', { id: 'cs-filters', 'class': 'cs-counts', role: 'group', 'aria-label': 'Which units to list' });
        this.listHeadingEl = el('h2', { 'class': 'cs-h', id: 'cs-units-h', text: 'Units' });
        this.listWrap = el('nav', { 'class': 'cs-listwrap', 'aria-labelledby': 'cs-units-h' }, [this.listHeadingEl, this.filterEl, this.listEl]);
        this.textEl = el('article', { id: 'cs-text', 'class': 'cs-text cs-cur-text', tabindex: '0', 'aria-label': 'Document text' }, [
            el('p', { 'class': 'cs-loading', text: 'Loading\u2026' })
        ]);
        this.panelEl = el('aside', { id: 'cs-panel', 'class': 'cs-panel cs-unit-panel', 'aria-labelledby': 'cs-panel-h' });
        this.bodyEl = el('div', { 'class': 'cs-body' }, [this.listWrap, this.textEl, this.panelEl]);
        [this.styleEl, this.headerEl, this.toolbarEl, this.messageEl, this.bodyEl].forEach(function (c) {
            root.appendChild(c);
        });
    };

    Curation.prototype.start = function (doc, codebook, view) {
        var text = doc.text || '';
        this.index = new TextIndex(text);
        this.text = text;
        this.prepareCodebook(codebook);
        this.buildParagraphs();
        this.applyView(view);
        var t = this.timings;
        t.model = performance.now();
        this.renderHeader();
        this.buildToolbar();
        this.renderText();
        t.text = performance.now();
        this.renderList();
        t.list = performance.now();
        this.renderState();
        this.renderPanel();
        this.bindEvents();
        t.built = performance.now();
        void this.textEl.offsetHeight; // style and layout now, so "ready" means usable
        t.rendered = performance.now();
        this.markReady();
        this.autoStart();
    };

    /**
     * When the project merges unanimous units as curation starts, opening a document nobody has
     * curated yet starts its curation, so the curator sees the unanimous units merged at once.
     * Without that setting the curation starts with the curator's first action.
     */
    Curation.prototype.autoStart = function () {
        var self = this;
        if (this.state !== 'NEW' || !this.units.length || !this.doc) {
            return;
        }
        this.api.request('GET', '/projects/' + encodeURIComponent(this.doc.projectId) + '/settings').then(function (settings) {
            if (!settings || !settings.autoMergeUnanimous || self.state !== 'NEW') {
                return;
            }
            self.write('The curation could not be started', function () {
                return self.api.request('PUT', self.docPath('/curation/state'), { state: 'IN_PROGRESS' });
            }, { text: 'Curation started.', expected: 0 });
        }).catch(function () {
            // the curator starts the curation with their first action instead
        });
    };

    Curation.prototype.markReady = function () {
        var self = this;
        var api = {
            readyAt: performance.now(),
            timings: this.timings,
            units: function () {
                return self.units.map(function (u) {
                    return { start: u.start, end: u.end, status: u.status, resolution: u.resolution, note: u.note, key: u.key };
                });
            },
            curated: function () { return self.curated.slice(); },
            selectUnit: function (i) { self.selectUnit(self.units[i] ? self.units[i].key : null, { scroll: true }); },
            selectedUnit: function () { var u = self.selectedUnit(); return u ? u.key : null; },
            selectRange: function (s, e) { return self.selectRange(s, e); },
            offsetsOfSelection: function () { return self.offsetsOfSelection(); },
            idle: function () { return self.queue; },
            reload: function () { return self.reload(); },
            curation: this
        };
        window.claimscopeCuration = api;
        this.root.dataset.ready = 'true';
        try {
            this.root.dispatchEvent(new CustomEvent('claimscope:ready', { bubbles: true, detail: api }));
        } catch (e) { /* old browsers */ }
    };

    // ---- codebook --------------------------------------------------------------------------------

    Curation.prototype.prepareCodebook = function (cb) {
        var self = this;
        cb = cb || {};
        this.categories = (cb.categories || []).slice();
        this.subtypes = (cb.subtypes || []).slice();
        this.attributes = (cb.attributes || []).slice();
        this.catIndex = new Map();
        this.categories.forEach(function (c, i) { self.catIndex.set(c.key, i); });
        this.subtypeByKey = new Map();
        this.subtypes.forEach(function (s) { self.subtypeByKey.set(s.key, s); });
        this.attrByKey = new Map();
        this.attributes.forEach(function (a) { self.attrByKey.set(a.key, a); });
    };

    Curation.prototype.category = function (key) {
        var i = this.catIndex.get(key);
        return i === undefined ? null : this.categories[i];
    };

    Curation.prototype.catIdx = function (key) {
        var i = this.catIndex.get(key);
        if (i === undefined) {
            i = this.categories.length;
            this.categories.push({ key: key, label: key, colour: '#777777', retired: true, unknown: true });
            this.catIndex.set(key, i);
        }
        return i;
    };

    Curation.prototype.catLabel = function (key) {
        var c = this.category(key);
        return c ? c.label + (c.retired && !c.unknown ? ' (retired)' : '') : key;
    };

    Curation.prototype.catColour = function (key) {
        var c = this.category(key);
        return c && c.colour ? c.colour : '#777777';
    };

    Curation.prototype.subtypeLabel = function (key) {
        var s = this.subtypeByKey.get(key);
        return s ? s.label + (s.retired ? ' (retired)' : '') : key;
    };

    Curation.prototype.attrLabel = function (key) {
        var def = this.attrByKey.get(key);
        return def ? def.label || key : key;
    };

    Curation.prototype.valueLabel = function (attrKey, value) {
        var def = this.attrByKey.get(attrKey);
        if (def && def.values) {
            for (var i = 0; i < def.values.length; i++) {
                if (def.values[i].key === value) {
                    return def.values[i].label + (def.values[i].retired ? ' (retired)' : '');
                }
            }
        }
        if (def && def.type === 'BOOLEAN') {
            return value === 'true' ? 'Yes' : value === 'false' ? 'No' : value;
        }
        return value;
    };

    // ---- model -----------------------------------------------------------------------------------

    Curation.prototype.withOffsets = function (a) {
        a.subtypes = a.subtypes || [];
        a.attributes = a.attributes || {};
        a.s16 = this.index.toU16(a.start);
        a.e16 = this.index.toU16(a.end);
        return a;
    };

    /** Takes in a GET /curation answer: units with UTF-16 offsets, the curated layer, which curated annotations fall in which unit. */
    Curation.prototype.applyView = function (view) {
        var self = this;
        this.view = view;
        this.state = view.state || 'NEW';
        this.layers = view.annotators || [];
        // the labels of the finished sets, in the order the server lists every unit's versions
        this.labels = this.layers.filter(function (l) { return l.state === 'FINISHED'; }).map(function (l) { return l.annotator; });
        var seen = new Map();
        this.units = (view.units || []).map(function (u, i) {
            var base = u.start + ':' + u.end;
            var n = seen.get(base) || 0;
            seen.set(base, n + 1);
            u.key = n ? base + '#' + n : base;
            u.i = i;
            u.s16 = self.index.toU16(u.start);
            u.e16 = self.index.toU16(u.end);
            u.versions = u.versions || {};
            u.agreeOn = u.agreeOn || [];
            Object.keys(u.versions).forEach(function (label) {
                if (u.versions[label]) {
                    self.withOffsets(u.versions[label]);
                }
            });
            u.open = u.resolution === 'OPEN';
            u.openDisagreement = u.open && (u.status === 'DISAGREE' || u.status === 'PARTIAL');
            u.curated = [];
            return u;
        });
        this.units.sort(function (a, b) { return a.s16 - b.s16 || a.e16 - b.e16 || a.i - b.i; });
        this.units.forEach(function (u, i) { u.i = i; });
        this.unitByKey = new Map();
        this.units.forEach(function (u) { self.unitByKey.set(u.key, u); });
        this.curated = (view.curated || []).map(function (a) { return self.withOffsets(a); });
        this.curated.sort(function (a, b) { return a.s16 - b.s16 || a.e16 - b.e16 || a.id - b.id; });
        this.curatedById = new Map();
        this.curated.forEach(function (a) { a.units = 0; self.curatedById.set(String(a.id), a); });
        // which curated annotations overlap which unit (both lists are sorted by start)
        var c = this.curated;
        for (var k = 0; k < this.units.length; k++) {
            var u = this.units[k];
            for (var j = 0; j < c.length && c[j].s16 < u.e16; j++) {
                if (c[j].e16 > u.s16) {
                    u.curated.push(c[j]);
                    c[j].units++;
                }
            }
        }
        this.extras = this.curated.filter(function (a) { return a.units === 0; });
        // counts
        var open = 0;
        var openDis = 0;
        var resolved = 0;
        this.units.forEach(function (u) {
            if (u.open) {
                open++;
                if (u.openDisagreement) {
                    openDis++;
                }
            } else {
                resolved++;
            }
        });
        this.counts = { open: open, openDisagreements: openDis, resolved: resolved, units: this.units.length };
        // annotator layers, for the underline view
        this.layerAnns = new Map();
        this.labels.forEach(function (l) { self.layerAnns.set(l, []); });
        this.units.forEach(function (u) {
            Object.keys(u.versions).forEach(function (l) {
                var v = u.versions[l];
                if (v && self.layerAnns.has(l)) {
                    self.layerAnns.get(l).push(v);
                }
            });
        });
        this.layerAnns.forEach(function (list) {
            list.sort(function (a, b) { return a.s16 - b.s16 || a.e16 - b.e16; });
        });
        if (this.layer && !this.layerAnns.has(this.layer)) {
            this.layer = '';
        }
        // keep the selection when what it points at still exists
        if (this.sel && this.sel.kind === 'unit' && !this.unitByKey.has(this.sel.key)) {
            this.sel = null;
        }
        if (this.sel && this.sel.kind === 'extra' && !this.extras.some(function (a) { return String(a.id) === self.sel.id; })) {
            this.sel = null;
        }
        this.root.dataset.state = this.state;
    };

    Curation.prototype.selectedUnit = function () {
        return this.sel && this.sel.kind === 'unit' ? this.unitByKey.get(this.sel.key) || null : null;
    };

    Curation.prototype.selectedExtra = function () {
        return this.sel && this.sel.kind === 'extra' ? this.curatedById.get(this.sel.id) || null : null;
    };

    Curation.prototype.locked = function () {
        return this.state === 'FINISHED';
    };

    Curation.prototype.buildParagraphs = function () {
        var text = this.text;
        var paras = [];
        var s = 0;
        for (;;) {
            var nl = text.indexOf('\n', s);
            var e = nl < 0 ? text.length : nl;
            paras.push({ s: s, e: e });
            if (nl < 0) {
                break;
            }
            s = nl + 1;
        }
        this.paras = paras;
        this.paraStarts = new Uint32Array(paras.map(function (p) { return p.s; }));
    };

    Curation.prototype.paraOf = function (u) {
        var starts = this.paraStarts;
        var lo = 0;
        var hi = starts.length - 1;
        while (lo < hi) {
            var mid = (lo + hi + 1) >> 1;
            if (starts[mid] <= u) {
                lo = mid;
            } else {
                hi = mid - 1;
            }
        }
        return lo;
    };

    // ---- rendering the text ----------------------------------------------------------------------

    Curation.prototype.underlined = function () {
        return this.layer ? this.layerAnns.get(this.layer) || [] : this.curated;
    };

    function bucket(self, list, n) {
        var buckets = new Array(n);
        for (var k = 0; k < list.length; k++) {
            var a = list[k];
            var p0 = self.paraOf(a.s16);
            var p1 = self.paraOf(Math.max(a.s16, a.e16 - 1));
            for (var i = p0; i <= p1; i++) {
                (buckets[i] || (buckets[i] = [])).push(a);
            }
        }
        return buckets;
    }

    /**
     * Renders the text in one pass of string building. Paragraphs whose HTML did not change since
     * the last rendering keep their elements (after a write only the touched paragraphs change).
     */
    Curation.prototype.renderText = function () {
        var paras = this.paras;
        var ub = bucket(this, this.units, paras.length);
        var ab = bucket(this, this.underlined(), paras.length);
        var html = new Array(paras.length);
        for (var j = 0; j < paras.length; j++) {
            var p = paras[j];
            if (p.e > p.s) {
                var out = this.paraInner(j, ub[j] || [], ab[j] || []);
                html[j] = '<p class="cs-p' + out.cls + '" data-i="' + j + '" dir="auto" style="contain-intrinsic-size:auto '
                    + out.height + 'em">' + out.html + '</p>';
            } else {
                html[j] = '';
            }
        }
        this.flushStyles();
        if (!this.paraEls) {
            var all = html.join('');
            this.textEl.innerHTML = all || '<p class="cs-empty-doc">This document has no text.</p>';
            this.paraEls = new Array(paras.length);
            var children = this.textEl.children;
            for (var c = 0; c < children.length; c++) {
                var d = children[c].getAttribute('data-i');
                if (d !== null) {
                    this.paraEls[+d] = children[c];
                }
            }
        } else {
            var tpl = document.createElement('template');
            for (var i = 0; i < paras.length; i++) {
                if (html[i] && html[i] !== this.paraCache[i] && this.paraEls[i]) {
                    tpl.innerHTML = html[i];
                    var fresh = tpl.content.firstChild;
                    this.paraEls[i].replaceWith(fresh);
                    this.paraEls[i] = fresh;
                }
            }
        }
        this.paraCache = html;
        this.markSelectionInText();
    };

    function rank(u) {
        if (u.resolution === 'REJECTED') {
            return 5;
        }
        if (u.resolution === 'CURATED') {
            return 4;
        }
        return u.status === 'DISAGREE' ? 0 : u.status === 'PARTIAL' ? 1 : 2;
    }

    /**
     * One paragraph: the text split at every unit and every underlined annotation boundary. A
     * segment's background shows the most pressing unit covering it (open disagreement first);
     * underlines show the chosen layer's annotations in their category colours, one level each.
     */
    Curation.prototype.paraInner = function (i, units, anns) {
        var p = this.paras[i];
        var text = this.text;
        var lines = Math.max(1, Math.ceil((p.e - p.s) / 85));
        var items = [];
        var k;
        for (k = 0; k < units.length; k++) {
            var u = units[k];
            var us = Math.max(u.s16, p.s);
            var ue = Math.min(u.e16, p.e);
            if (ue > us) {
                items.push({ u: u, s: us, e: ue, first: us === u.s16, last: ue === u.e16 });
            }
        }
        var marks = [];
        for (k = 0; k < anns.length; k++) {
            var a = anns[k];
            var as = Math.max(a.s16, p.s);
            var ae = Math.min(a.e16, p.e);
            if (ae > as) {
                marks.push({ a: a, s: as, e: ae, level: 0 });
            }
        }
        if (!items.length && !marks.length) {
            return { html: '<span data-s="' + p.s + '">' + escText(text.slice(p.s, p.e)) + '</span>', cls: '', height: (lines * 1.75 + 0.9).toFixed(1) };
        }
        marks.sort(function (x, y) { return x.s - y.s || y.e - x.e; });
        var levelEnds = [];
        for (k = 0; k < marks.length; k++) {
            var L = 0;
            while (L < levelEnds.length && levelEnds[L] > marks[k].s) {
                L++;
            }
            levelEnds[L] = marks[k].e;
            marks[k].level = Math.min(L, MAX_LEVELS - 1);
        }
        var depth = Math.min(levelEnds.length, MAX_LEVELS);
        items.sort(function (x, y) { return x.s - y.s || y.e - x.e; });
        var pts = [p.s, p.e];
        for (k = 0; k < items.length; k++) {
            pts.push(items[k].s, items[k].e);
        }
        for (k = 0; k < marks.length; k++) {
            pts.push(marks[k].s, marks[k].e);
        }
        pts.sort(function (x, y) { return x - y; });
        var uniq = [pts[0]];
        for (k = 1; k < pts.length; k++) {
            if (pts[k] !== uniq[uniq.length - 1]) {
                uniq.push(pts[k]);
            }
        }
        var html = '';
        var activeU = [];
        var activeA = [];
        var nextU = 0;
        var nextA = 0;
        for (var b = 0; b < uniq.length - 1; b++) {
            var x = uniq[b];
            var y = uniq[b + 1];
            var m;
            var kept = [];
            for (m = 0; m < activeU.length; m++) {
                if (activeU[m].e > x) {
                    kept.push(activeU[m]);
                }
            }
            activeU = kept;
            while (nextU < items.length && items[nextU].s <= x) {
                if (items[nextU].e > x) {
                    activeU.push(items[nextU]);
                }
                nextU++;
            }
            kept = [];
            for (m = 0; m < activeA.length; m++) {
                if (activeA[m].e > x) {
                    kept.push(activeA[m]);
                }
            }
            activeA = kept;
            while (nextA < marks.length && marks[nextA].s <= x) {
                if (marks[nextA].e > x) {
                    activeA.push(marks[nextA]);
                }
                nextA++;
            }
            var seg = escText(text.slice(x, y));
            if (!activeU.length && !activeA.length) {
                html += '<span data-s="' + x + '">' + seg + '</span>';
                continue;
            }
            var cls = 'cs-hl';
            var attrs = '';
            if (activeU.length) {
                var best = activeU[0].u;
                var ids = '';
                var starts = false;
                var ends = false;
                for (m = 0; m < activeU.length; m++) {
                    var it = activeU[m];
                    if (rank(it.u) < rank(best)) {
                        best = it.u;
                    }
                    ids += (m ? ' ' : '') + it.u.i;
                    if (it.first && it.s === x) {
                        starts = true;
                    }
                    if (it.last && it.e === y) {
                        ends = true;
                    }
                }
                cls += ' cs-u cs-u-' + best.status.toLowerCase() + (best.resolution === 'CURATED' ? ' cs-u-curated'
                    : best.resolution === 'REJECTED' ? ' cs-u-rejected' : '') + (starts ? ' cs-us' : '') + (ends ? ' cs-ue' : '');
                attrs += ' data-u="' + ids + '"';
            }
            if (activeA.length) {
                var byLevel = activeA.slice().sort(function (p1, p2) { return p1.level - p2.level; });
                var key = depth + '|';
                var aids = '';
                for (m = 0; m < byLevel.length; m++) {
                    key += (m ? ',' : '') + this.catIdx(byLevel[m].a.category) + '@' + byLevel[m].level;
                    aids += (m ? ' ' : '') + byLevel[m].a.id;
                }
                cls += ' ' + this.styleClass(key, byLevel, depth);
                attrs += ' data-a="' + aids + '"';
            }
            html += '<span class="' + cls + '" data-s="' + x + '"' + attrs + '>' + seg + '</span>';
        }
        return { html: html, cls: depth > 1 ? ' cs-d' + depth : '', height: (lines * (1.75 + depth * 0.2) + 0.9).toFixed(1) };
    };

    /** A class for one combination of underlines (category colours at levels); colours come from the codebook. */
    Curation.prototype.styleClass = function (key, byLevel, depth) {
        var name = this.styleKeys.get(key);
        if (name) {
            return name;
        }
        name = 'cs-w' + this.styleKeys.size;
        this.styleKeys.set(key, name);
        var images = [];
        var positions = [];
        var seen = {};
        for (var m = 0; m < byLevel.length; m++) {
            var L = byLevel[m].level;
            if (!seen[L]) {
                seen[L] = true;
                var colour = this.catColour(byLevel[m].a.category);
                images.push('linear-gradient(' + colour + ',' + colour + ')');
                positions.push('0 calc(100% - ' + ((depth - 1 - L) * BAND) + 'px)');
            }
        }
        this.styleRules.push('.cs-cur-text .' + name + '{padding-bottom:' + (depth * BAND) + 'px;background-image:'
            + images.join(',') + ';background-position:' + positions.join(',') + ';background-size:100% 2px;background-repeat:no-repeat}');
        return name;
    };

    Curation.prototype.flushStyles = function () {
        if (!this.styleRules.length) {
            return;
        }
        var sheet = this.styleEl.sheet;
        if (!sheet || !this.styleEl.textContent) {
            this.styleEl.textContent += this.styleRules.join('\n');
        } else {
            for (var i = 0; i < this.styleRules.length; i++) {
                sheet.insertRule(this.styleRules[i], sheet.cssRules.length);
            }
        }
        this.styleRules = [];
    };

    Curation.prototype.segmentsOfUnit = function (u) {
        return this.textEl.querySelectorAll('.cs-hl[data-u~="' + u.i + '"]');
    };

    Curation.prototype.segmentsOfAnnotation = function (id) {
        return this.textEl.querySelectorAll('.cs-hl[data-a~="' + String(id).replace(/[^0-9A-Za-z_-]/g, '') + '"]');
    };

    Curation.prototype.markSelectionInText = function () {
        var old = this.textEl.querySelectorAll('.cs-sel');
        for (var i = 0; i < old.length; i++) {
            old[i].classList.remove('cs-sel', 'cs-sel-first', 'cs-sel-last');
        }
        var u = this.selectedUnit();
        var x = this.selectedExtra();
        var segs = u ? this.segmentsOfUnit(u) : x ? this.segmentsOfAnnotation(x.id) : [];
        for (var j = 0; j < segs.length; j++) {
            segs[j].classList.add('cs-sel');
        }
        if (segs.length) {
            segs[0].classList.add('cs-sel-first');
            segs[segs.length - 1].classList.add('cs-sel-last');
        }
    };

    // ---- header, toolbar, state ------------------------------------------------------------------

    Curation.prototype.renderHeader = function () {
        var doc = this.doc;
        var md = doc.metadata || {};
        var ctx = this.api.contextPath;
        var crumbs = this.root.querySelector('#cs-crumbs');
        crumbs.innerHTML = '';
        crumbs.appendChild(el('a', { id: 'cs-project-link', href: ctx + '/project.xhtml?id=' + encodeURIComponent(doc.projectId), text: 'Project' }));
        crumbs.appendChild(document.createTextNode(' \u00b7 '));
        crumbs.appendChild(el('a', { href: ctx + '/agreement.xhtml?project=' + encodeURIComponent(doc.projectId), text: 'Agreement' }));
        crumbs.appendChild(document.createTextNode(' \u00b7 Curation'));
        this.root.querySelector('#cs-title').textContent = doc.title || '(untitled document)';
        var meta = this.root.querySelector('#cs-meta');
        meta.innerHTML = '';
        var parts = [];
        if (md.author) {
            parts.push(el('span', { text: md.author }));
        }
        if (md.siteName) {
            parts.push(el('span', { text: md.siteName }));
        }
        if (md.publishedAt) {
            parts.push(el('time', { datetime: md.publishedAt, text: String(md.publishedAt).replace(/T.*$/, '') }));
        }
        if (md.sourceUrl && /^https?:\/\//i.test(md.sourceUrl)) {
            parts.push(el('a', { href: md.sourceUrl, rel: 'noopener noreferrer', target: '_blank', text: 'source' }));
        }
        parts.push(el('span', { text: this.index.cpLength.toLocaleString('en') + ' characters' }));
        parts.forEach(function (p, i) {
            if (i) {
                meta.appendChild(el('span', { 'class': 'cs-sep', 'aria-hidden': 'true', text: ' \u00b7 ' }));
            }
            meta.appendChild(p);
        });
        this.renderLayers();
    };

    /** Who annotated: finished sets are compared; sets still in progress are named but not compared yet. */
    Curation.prototype.renderLayers = function () {
        var box = this.root.querySelector('#cs-layers');
        box.innerHTML = '';
        var ctx = this.api.contextPath;
        var self = this;
        if (!this.layers.length) {
            box.appendChild(el('span', { 'class': 'cs-muted', text: 'Nobody has annotated this document yet.' }));
            return;
        }
        box.appendChild(el('span', { 'class': 'cs-layers-l', text: this.view.anonymous ? 'Annotators (pseudonyms): ' : 'Annotators: ' }));
        this.layers.forEach(function (l, i) {
            var n = self.labels.indexOf(l.annotator);
            var label = (n >= 0 ? (n + 1) + ' ' : '') + l.annotator;
            var facts = stateLabel(l.state).toLowerCase() + ', ' + plural(l.annotations, 'annotation', 'annotations')
                + (l.state === 'FINISHED' ? '' : ' \u2014 not compared until finished');
            var name = self.view.anonymous ? el('b', { text: label })
                : el('a', { href: ctx + '/annotate.xhtml?document=' + encodeURIComponent(self.documentId) + '&annotator='
                    + encodeURIComponent(l.annotator), title: 'Open ' + l.annotator + '\u2019s set read-only', text: label });
            box.appendChild(el('span', { 'class': 'cs-layer cs-layer-' + String(l.state).toLowerCase(), 'data-annotator': l.annotator }, [
                name, ' (' + facts + ')'
            ]));
            if (i < self.layers.length - 1) {
                box.appendChild(document.createTextNode(' \u00b7 '));
            }
        });
    };

    Curation.prototype.buildToolbar = function () {
        var self = this;
        var tb = this.toolbarEl;
        tb.innerHTML = '';
        // adding an annotation nobody made: select text, then a category
        var group = el('div', { 'class': 'cs-cats', role: 'group', 'aria-label': 'Add the selected text to the curated layer' }, [
            el('span', { 'class': 'cs-tb-l', text: 'Add selection:' })
        ]);
        this.categories.forEach(function (c) {
            if (c.retired) {
                return;
            }
            var btn = el('button', {
                type: 'button', 'class': 'cs-catbtn', 'data-category': c.key,
                title: 'Add the selected text to the curated layer as ' + c.label + (c.description ? ': ' + c.description : '')
            }, [el('span', { 'class': 'cs-chip', 'aria-hidden': 'true', style: 'background:' + c.colour }), c.label]);
            btn.style.setProperty('--cs-c', c.colour);
            btn.addEventListener('mousedown', function (e) { e.preventDefault(); }); // keep the text selection
            btn.addEventListener('click', function () { self.addFromSelection(c.key); });
            group.appendChild(btn);
        });
        tb.appendChild(group);

        var right = el('div', { 'class': 'cs-tb-right' });
        this.stateEl = el('span', { id: 'cs-state', 'class': 'cs-badge' });
        right.appendChild(el('span', { 'class': 'cs-state-wrap' }, [el('span', { 'class': 'cs-visually-hidden', text: 'Curation state: ' }), this.stateEl]));
        this.countsEl = el('span', { id: 'cs-counts', 'class': 'cs-cur-counts', 'aria-live': 'polite' });
        right.appendChild(this.countsEl);
        this.layerSel = el('select', { id: 'cs-layer', 'aria-label': 'Underlined in the text' });
        this.layerSel.addEventListener('change', function () {
            self.layer = self.layerSel.value;
            self.renderText();
        });
        right.appendChild(el('label', { 'class': 'cs-layer-pick' }, ['Underlined: ', this.layerSel]));
        this.mergeBtn = el('button', { type: 'button', id: 'cs-merge', 'class': 'cs-btn', text: 'Merge unanimous',
            title: 'Copy every unit on which all annotators agree into the curated layer' });
        this.mergeBtn.addEventListener('click', function () { self.mergeUnanimous(); });
        right.appendChild(this.mergeBtn);
        this.finishBtn = el('button', { type: 'button', id: 'cs-finish', 'class': 'cs-btn cs-primary' });
        this.finishBtn.addEventListener('click', function () { self.toggleFinished(); });
        right.appendChild(this.finishBtn);
        this.statusEl = el('span', { id: 'cs-status', 'class': 'cs-status', role: 'status', 'aria-live': 'polite' });
        right.appendChild(this.statusEl);
        right.appendChild(el('button', {
            type: 'button', 'class': 'cs-btn cs-help-btn', 'aria-expanded': 'false', 'aria-controls': 'cs-help', text: 'Keys',
            onclick: function (e) {
                var h = self.root.querySelector('#cs-help');
                h.hidden = !h.hidden;
                e.currentTarget.setAttribute('aria-expanded', String(!h.hidden));
            }
        }));
        tb.appendChild(right);
        tb.appendChild(el('div', { 'class': 'cs-legend', 'aria-label': 'Colours of the units' , role: 'note'}, [
            el('span', { 'class': 'cs-lg cs-u cs-u-disagree', text: 'disagree' }),
            el('span', { 'class': 'cs-lg cs-u cs-u-partial', text: 'partial (not everyone marked it)' }),
            el('span', { 'class': 'cs-lg cs-u cs-u-agree', text: 'agree' }),
            el('span', { 'class': 'cs-lg cs-u cs-u-agree cs-u-curated', text: 'curated' }),
            el('span', { 'class': 'cs-lg cs-u cs-u-disagree cs-u-rejected', text: 'rejected' }),
            el('span', { 'class': 'cs-lg cs-lg-line', text: 'underline: ' + 'annotations of the chosen layer, in category colours' })
        ]));
        var keys = '<li><kbd>n</kbd> / <kbd>p</kbd> (or <kbd>j</kbd> / <kbd>k</kbd>) next / previous open disagreement '
            + '(disagreeing or partial units not yet resolved); <kbd>]</kbd> / <kbd>[</kbd> next / previous unit of any kind.</li>'
            + '<li><kbd>1</kbd>, <kbd>2</kbd>, <kbd>3</kbd> \u2026 accept annotator 1, 2, 3\u2019s version of the selected unit '
            + '(the numbers stand before the annotators\u2019 names above); <kbd>r</kbd> rejects the unit (again: takes the rejection back).</li>'
            + '<li>Click a coloured passage to select its unit; click again to cycle through overlapping units. <kbd>Esc</kbd> deselects.</li>'
            + '<li>To add a statement nobody marked: select its text with the mouse, then choose a category under \u201cAdd selection\u201d.</li>'
            + '<li>Every decision is saved at once; the note saves after a pause in typing or when you leave it.</li>';
        tb.appendChild(el('div', { id: 'cs-help', 'class': 'cs-help', hidden: true, html: '<ul>' + keys + '</ul>' }));
        tb.appendChild(this.messageEl); // in the sticky toolbar, so a message is seen wherever the curator is
    };

    /** The state badge, the counts, the buttons that depend on the state, the layer picker. */
    Curation.prototype.renderState = function () {
        var locked = this.locked();
        this.root.dataset.state = this.state;
        this.root.classList.toggle('cs-locked', locked);
        this.stateEl.textContent = stateLabel(this.state);
        this.stateEl.className = 'cs-badge cs-state-' + String(this.state).toLowerCase();
        this.finishBtn.textContent = locked ? 'Reopen' : 'Finish curation';
        this.finishBtn.title = locked ? 'Reopen the curation to change the curated layer'
            : 'Mark the curated layer of this document as final';
        this.finishBtn.classList.toggle('cs-primary', !locked);
        this.mergeBtn.disabled = locked;
        var btns = this.toolbarEl.querySelectorAll('button[data-category]');
        for (var i = 0; i < btns.length; i++) {
            btns[i].disabled = locked;
        }
        var c = this.counts;
        this.countsEl.innerHTML = '<b id="cs-count-open">' + c.open + '</b> open (<span id="cs-count-disagreements">'
            + c.openDisagreements + '</span> ' + (c.openDisagreements === 1 ? 'disagreement' : 'disagreements')
            + ') \u00b7 <b id="cs-count-resolved">' + c.resolved
            + '</b> resolved of ' + c.units + ' \u00b7 curated layer: <span id="cs-count-curated">' + this.curated.length + '</span>';
        this.countsEl.dataset.open = String(c.open);
        this.countsEl.dataset.resolved = String(c.resolved);
        // the layer picker
        var sel = this.layerSel;
        var want = [''].concat(this.labels);
        var have = Array.prototype.map.call(sel.options, function (o) { return o.value; });
        if (JSON.stringify(want) !== JSON.stringify(have)) {
            sel.innerHTML = '';
            sel.appendChild(el('option', { value: '', text: 'Curated layer' }));
            this.labels.forEach(function (l, n) {
                sel.appendChild(el('option', { value: l, text: (n + 1) + ' ' + l }));
            });
        }
        sel.value = this.layer;
        this.renderFilters();
    };

    Curation.prototype.renderFilters = function () {
        var self = this;
        var c = this.counts;
        var box = this.filterEl;
        box.innerHTML = '';
        [['all', 'All', c.units + this.extras.length], ['open-dis', 'Open disagreements', c.openDisagreements],
            ['open', 'Open', c.open], ['resolved', 'Resolved', c.resolved]].forEach(function (f) {
            box.appendChild(el('button', {
                type: 'button', 'class': 'cs-count', 'data-filter': f[0], 'aria-pressed': String(self.listFilter === f[0])
            }, [f[1] + ' ', el('b', { text: String(f[2]) })]));
        });
        this.listEl.setAttribute('data-filter', this.listFilter);
    };

    // ---- status and messages ---------------------------------------------------------------------

    Curation.prototype.setStatus = function (kind, text) {
        if (!this.statusEl) {
            return;
        }
        this.statusEl.className = 'cs-status cs-status-' + kind;
        this.statusEl.textContent = text;
        this.statusEl.dataset.state = kind;
    };

    Curation.prototype.clearMessage = function () {
        this.messageEl.innerHTML = '';
        this.messageEl.className = 'cs-message';
        delete this.messageEl.dataset.kind;
    };

    /** One message area for everything: kind 'error' (red, stays) or 'info' (blue); actions are [{label, run}]. */
    Curation.prototype.showMessage = function (kind, text, actions) {
        var self = this;
        var m = this.messageEl;
        m.innerHTML = '';
        m.className = 'cs-message cs-shown cs-msg-' + kind;
        m.dataset.kind = kind;
        m.setAttribute('aria-live', kind === 'error' ? 'assertive' : 'polite');
        m.appendChild(el('p', { 'class': 'cs-msg-text', text: text }));
        var row = el('div', { 'class': 'cs-msg-actions' });
        (actions || []).forEach(function (a, i) {
            row.appendChild(el('button', {
                type: 'button', 'class': 'cs-btn' + (i === 0 ? ' cs-primary' : ''), 'data-action': a.id || null, text: a.label,
                onclick: function () { self.clearMessage(); a.run(); }
            }));
        });
        row.appendChild(el('button', { type: 'button', 'class': 'cs-btn cs-btn-quiet', text: actions && actions.length ? 'Cancel' : 'Dismiss',
            onclick: function () { self.clearMessage(); } }));
        m.appendChild(row);
    };

    Curation.prototype.reportError = function (err, what, actions) {
        var detail = err && err.problem && err.problem.detail ? err.problem.detail : (err && err.message) || String(err);
        if (err && err.problem && err.problem.field) {
            detail += ' (field: ' + err.problem.field + ')';
        }
        this.showMessage('error', what + ': ' + detail, actions);
        if (window.console && err && !(err instanceof ApiError)) {
            console.error(err);
        }
    };

    Curation.prototype.explainLocked = function () {
        var self = this;
        this.showMessage('info', 'The curation of this document is finished. Reopen it to change the curated layer.', [{
            label: 'Reopen', id: 'reopen', run: function () { self.toggleFinished(); }
        }]);
    };

    // ---- the list of units -----------------------------------------------------------------------

    Curation.prototype.excerpt = function (s16, e16) {
        var q = this.text.slice(s16, e16);
        var cps = 0;
        var cut = q.length;
        for (var i = 0; i < q.length; i++) {
            var c = q.charCodeAt(i);
            if (c >= 0xDC00 && c <= 0xDFFF) {
                continue;
            }
            if (cps === EXCERPT) {
                cut = i;
                break;
            }
            cps++;
        }
        var s = q.slice(0, cut).replace(/\s*\n\s*/g, ' \u00b6 ');
        return cut < q.length ? s + '\u2026' : s;
    };

    Curation.prototype.unitSummary = function (u) {
        var self = this;
        var parts = [];
        this.labels.forEach(function (l, n) {
            var v = u.versions[l];
            parts.push((n + 1) + ': ' + (v ? self.catLabel(v.category) : '\u2014'));
        });
        return parts.join(' \u00b7 ');
    };

    Curation.prototype.unitItemHtml = function (u) {
        var mark = u.resolution === 'CURATED' ? '\u2713' : u.resolution === 'REJECTED' ? '\u2717' : '';
        var facets = u.status === 'DISAGREE' ? ' \u2014 differs in ' + FACETS.filter(function (f) { return u.agreeOn.indexOf(f) < 0; })
            .map(function (f) { return FACET_LABELS[f].toLowerCase(); }).join(', ') : '';
        return '<li class="cs-ui cs-st-' + u.status.toLowerCase() + ' cs-res-' + u.resolution.toLowerCase()
            + (u.openDisagreement ? ' cs-open-dis' : '') + (u.open ? ' cs-open' : ' cs-resolved') + '" data-unit="' + esc(u.key)
            + '" data-unit-start="' + u.start + '" data-unit-end="' + u.end + '" data-status="' + u.status
            + '" data-resolution="' + u.resolution + '">'
            + '<button type="button" class="cs-item" tabindex="-1">'
            + '<span class="cs-ustat cs-u cs-u-' + u.status.toLowerCase() + '" aria-hidden="true"></span>'
            + '<span class="cs-item-body"><span class="cs-item-q" dir="auto">' + esc(this.excerpt(u.s16, u.e16)) + '</span>'
            + '<span class="cs-item-meta"><span class="cs-item-st">' + STATUS_LABELS[u.status] + facets + '</span><br>'
            + esc(this.unitSummary(u)) + '</span></span>'
            + '<span class="cs-res-mark" title="' + RESOLUTION_LABELS[u.resolution] + '">' + mark
            + '<span class="cs-visually-hidden">' + RESOLUTION_LABELS[u.resolution] + '</span></span>'
            + '</button></li>';
    };

    Curation.prototype.extraItemHtml = function (a) {
        return '<li class="cs-ui cs-extra cs-resolved" data-curated-id="' + esc(a.id) + '">'
            + '<button type="button" class="cs-item" tabindex="-1">'
            + '<span class="cs-chip" aria-hidden="true" style="background:' + esc(this.catColour(a.category)) + '"></span>'
            + '<span class="cs-item-body"><span class="cs-item-q" dir="auto">' + esc(this.excerpt(a.s16, a.e16)) + '</span>'
            + '<span class="cs-item-meta">Curator\u2019s own \u00b7 ' + esc(this.catLabel(a.category)) + '</span></span>'
            + '</button></li>';
    };

    Curation.prototype.renderList = function () {
        var html = [];
        var x = 0;
        var extras = this.extras;
        for (var k = 0; k < this.units.length; k++) {
            var u = this.units[k];
            while (x < extras.length && extras[x].s16 < u.s16) {
                html.push(this.extraItemHtml(extras[x++]));
            }
            html.push(this.unitItemHtml(u));
        }
        while (x < extras.length) {
            html.push(this.extraItemHtml(extras[x++]));
        }
        var top = this.listItems ? this.listEl.scrollTop : 0; // (not on the first rendering: no forced layout)
        this.listEl.innerHTML = html.length ? html.join('')
            : '<li class="cs-none">No units: units appear when annotators have finished their sets.</li>';
        if (top) {
            this.listEl.scrollTop = top;
        }
        this.listItems = new Map();
        var lis = this.listEl.children;
        for (var i = 0; i < lis.length; i++) {
            var key = lis[i].getAttribute('data-unit') || ('c' + lis[i].getAttribute('data-curated-id'));
            this.listItems.set(key, lis[i]);
        }
        this.listHeadingEl.textContent = 'Units (' + this.units.length + ')';
        this.markSelectionInList();
    };

    Curation.prototype.selKey = function () {
        return !this.sel ? null : this.sel.kind === 'unit' ? this.sel.key : 'c' + this.sel.id;
    };

    Curation.prototype.markSelectionInList = function () {
        var cur = this.listEl.querySelectorAll('li.cs-current');
        for (var i = 0; i < cur.length; i++) {
            cur[i].classList.remove('cs-current');
            cur[i].firstChild.removeAttribute('aria-current');
            cur[i].firstChild.setAttribute('tabindex', '-1');
        }
        var li = this.selKey() && this.listItems.get(this.selKey());
        if (li) {
            li.classList.add('cs-current');
            li.firstChild.setAttribute('aria-current', 'true');
            li.firstChild.setAttribute('tabindex', '0');
        } else if (this.listEl.firstElementChild && this.listEl.firstElementChild.firstChild) {
            this.listEl.firstElementChild.firstChild.setAttribute('tabindex', '0');
        }
        return li;
    };

    Curation.prototype.scrollListTo = function (li) {
        var box = this.listEl;
        if (!li || box.scrollHeight <= box.clientHeight) {
            return;
        }
        var x = window.scrollX;
        var y = window.scrollY;
        li.scrollIntoView({ block: 'nearest', inline: 'nearest' });
        if (window.scrollX !== x || window.scrollY !== y) {
            window.scrollTo(x, y);
        }
    };

    // ---- selection -------------------------------------------------------------------------------

    Curation.prototype.select = function (sel, opts) {
        opts = opts || {};
        var before = this.selKey();
        this.flushNote();
        this.sel = sel;
        var after = this.selKey();
        if (before !== after) {
            this.editing = null;
        }
        this.root.dataset.selected = sel && sel.kind === 'unit' ? sel.key : '';
        this.markSelectionInText();
        var li = this.markSelectionInList();
        if (li) {
            this.scrollListTo(li);
        }
        if (opts.scroll) {
            this.scrollToSelection();
        }
        this.renderPanel();
    };

    Curation.prototype.selectUnit = function (key, opts) {
        this.select(key && this.unitByKey.has(key) ? { kind: 'unit', key: key } : null, opts);
    };

    Curation.prototype.scrollToSelection = function () {
        var u = this.selectedUnit();
        var x = this.selectedExtra();
        var segs = u ? this.segmentsOfUnit(u) : x ? this.segmentsOfAnnotation(x.id) : [];
        if (segs.length) {
            segs[0].scrollIntoView({ block: 'center', inline: 'nearest' });
        }
    };

    /** Next (dir 1) or previous (-1) unit after the selection that passes the test, wrapping around once. */
    Curation.prototype.step = function (dir, test, what) {
        var list = this.units;
        if (!list.length) {
            this.showMessage('info', 'This document has no units.');
            return;
        }
        var cur = this.selectedUnit();
        var x = this.selectedExtra();
        var pos = cur ? cur.i : x ? this.positionOf(x.s16) - (dir > 0 ? 1 : 0) : (dir > 0 ? -1 : list.length);
        for (var n = 1; n <= list.length; n++) {
            var i = pos + dir * n;
            var wrapped = i < 0 || i >= list.length;
            i = ((i % list.length) + list.length) % list.length;
            if (test(list[i])) {
                this.selectUnit(list[i].key, { scroll: true });
                if (wrapped && cur) {
                    this.showMessage('info', 'Went round to the ' + (dir > 0 ? 'first' : 'last') + ' ' + what + '.');
                } else if (this.messageEl.dataset.kind === 'info') {
                    this.clearMessage();
                }
                return;
            }
        }
        this.showMessage('info', 'There is no ' + what + ' left' + (what === 'open disagreement'
            ? ': every disagreeing or partial unit is curated or rejected.' : '.'));
    };

    /** Index of the first unit starting at or after UTF-16 offset s. */
    Curation.prototype.positionOf = function (s) {
        var lo = 0;
        var hi = this.units.length;
        while (lo < hi) {
            var mid = (lo + hi) >> 1;
            if (this.units[mid].s16 < s) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    };

    Curation.prototype.onTextClick = function (e) {
        var s = window.getSelection();
        if (s && !s.isCollapsed && s.rangeCount && this.textEl.contains(s.anchorNode)) {
            return; // the end of a drag: a text selection, not a click
        }
        var seg = e.target && e.target.closest ? e.target.closest('.cs-hl') : null;
        if (!seg || !this.textEl.contains(seg)) {
            if (this.sel) {
                this.select(null);
            }
            return;
        }
        var self = this;
        var du = seg.getAttribute('data-u');
        if (du) {
            var covering = du.split(' ').map(function (i) { return self.units[+i]; }).filter(Boolean)
                .sort(function (a, b) { return (a.e16 - a.s16) - (b.e16 - b.s16) || a.i - b.i; });
            var cur = this.selectedUnit();
            var at = cur ? covering.indexOf(cur) : -1;
            this.selectUnit(covering[(at + 1) % covering.length].key);
            return;
        }
        var da = seg.getAttribute('data-a');
        if (da && !this.layer) {
            var ids = da.split(' ');
            for (var k = 0; k < ids.length; k++) {
                var a = this.curatedById.get(ids[k]);
                if (a && a.units === 0) {
                    this.select({ kind: 'extra', id: String(a.id) });
                    return;
                }
            }
        }
    };

    // ---- the panel -------------------------------------------------------------------------------

    Curation.prototype.renderPanel = function () {
        var panel = this.panelEl;
        var keepNote = this.noteBlock && this.noteBlock.contains(document.activeElement) ? this.noteBlock : null;
        panel.innerHTML = '';
        panel.removeAttribute('data-unit');
        var u = this.selectedUnit();
        var x = this.selectedExtra();
        panel.style.removeProperty('--cs-c');
        if (!u && !x) {
            panel.appendChild(el('h2', { 'class': 'cs-h', id: 'cs-panel-h', text: 'Unit' }));
            panel.appendChild(el('div', { 'class': 'cs-panel-empty' }, [
                el('p', { text: this.units.length
                    ? 'Nothing selected. Press n for the next open disagreement, or click a unit in the text or the list.'
                    : 'No units yet: they appear when annotators have finished their sets. You can still add annotations of your own: select text, then a category.' })
            ]));
            this.noteBlock = null;
            return;
        }
        if (x) {
            this.renderExtraPanel(x);
            this.noteBlock = null;
            return;
        }
        this.renderUnitPanel(u, keepNote);
    };

    Curation.prototype.renderUnitPanel = function (u, keepNote) {
        var self = this;
        var panel = this.panelEl;
        var locked = this.locked();
        panel.setAttribute('data-unit', u.key);
        panel.appendChild(el('h2', { 'class': 'cs-h', id: 'cs-panel-h' }, [
            'Unit ' + (u.i + 1) + ' of ' + this.units.length + ' ',
            el('span', { 'class': 'cs-badge cs-st-badge cs-u cs-u-' + u.status.toLowerCase(), id: 'cs-unit-status', text: STATUS_LABELS[u.status] }),
            ' ',
            el('span', { 'class': 'cs-badge cs-res-badge cs-res-' + u.resolution.toLowerCase(), id: 'cs-unit-resolution', text: RESOLUTION_LABELS[u.resolution] })
        ]));
        panel.appendChild(el('blockquote', { 'class': 'cs-quote', id: 'cs-quote', dir: 'auto', text: this.text.slice(u.s16, u.e16) }));
        var present = this.labels.filter(function (l) { return u.versions[l]; });
        var explain = u.status === 'AGREE' ? 'Every annotator marked it identically.'
            : u.status === 'DISAGREE' ? 'Every annotator marked it, differently.'
                : 'Marked by ' + present.join(', ') + ' only.';
        panel.appendChild(el('p', { 'class': 'cs-facts', text: 'Characters ' + u.start + '\u2013' + u.end + ' \u00b7 ' + explain }));

        // agreement per facet
        var facets = el('ul', { 'class': 'cs-facets', 'aria-label': 'Agreement per facet' });
        FACETS.forEach(function (f) {
            var agree = u.agreeOn.indexOf(f) >= 0;
            facets.appendChild(el('li', { 'class': agree ? 'cs-facet-agree' : 'cs-facet-differ', 'data-facet': f, 'data-agree': String(agree) }, [
                el('span', { 'aria-hidden': 'true', text: agree ? '\u2713 ' : '\u2260 ' }),
                FACET_LABELS[f] + (agree ? '' : ' differs'),
                el('span', { 'class': 'cs-visually-hidden', text: agree ? ' agree' : '' })
            ]));
        });
        panel.appendChild(facets);

        // the versions side by side
        panel.appendChild(this.versionsTable(u, locked));

        // decisions: reject, note
        var rejected = u.resolution === 'REJECTED';
        var rejectBtn = el('button', {
            type: 'button', id: 'cs-reject', 'class': 'cs-btn' + (rejected ? '' : ' cs-danger'), 'aria-keyshortcuts': 'r',
            'aria-pressed': String(rejected), disabled: locked,
            title: rejected ? 'Take the rejection back: the unit becomes open again' : 'Nothing of this unit goes into the curated layer (key r)'
        }, [rejected ? 'Undo rejection' : 'Reject unit', el('kbd', { text: 'r' })]);
        rejectBtn.addEventListener('click', function () { self.reject(u.key); });
        panel.appendChild(el('div', { 'class': 'cs-decide' }, [rejectBtn]));

        if (keepNote && this.noteBlock && this.noteBlock.getAttribute('data-unit') === u.key) {
            panel.appendChild(keepNote); // the curator is typing in it: keep the element, caret and all
            keepNote.querySelector('textarea').focus({ preventScroll: true });
        } else {
            panel.appendChild(this.buildNote(u, locked));
        }

        // the curated layer within the unit
        var cur = el('section', { 'class': 'cs-curated', 'aria-labelledby': 'cs-curated-h' });
        cur.appendChild(el('h3', { 'class': 'cs-h3', id: 'cs-curated-h', text: 'In the curated layer (' + u.curated.length + ')' }));
        if (!u.curated.length) {
            cur.appendChild(el('p', { 'class': 'cs-muted', text: rejected ? 'Rejected: nothing of this unit goes into the curated layer.'
                : 'Nothing yet. Accept a version above, or add an annotation of your own.' }));
        }
        var list = el('ul', { 'class': 'cs-curated-list', id: 'cs-curated-list' });
        u.curated.forEach(function (a) {
            list.appendChild(self.curatedItem(a, u, locked));
        });
        cur.appendChild(list);
        if (this.editing && this.editing.id === null && this.editing.unitKey === u.key) {
            cur.appendChild(this.editForm(null, u));
        } else {
            var addOwn = el('button', { type: 'button', 'class': 'cs-btn', id: 'cs-add-own', disabled: locked || rejected,
                text: 'Add my own annotation on this unit\u2026' });
            addOwn.addEventListener('click', function () {
                var first = present.length ? u.versions[present[0]] : null;
                self.editing = { id: null, unitKey: u.key, draft: {
                    start: u.start, end: u.end, category: first ? first.category : (self.firstActiveCategory() || ''),
                    subtypes: [], attributes: {}
                } };
                self.editing.base = contentKey(self.editing.draft);
                self.renderPanel();
                var f = self.panelEl.querySelector('#cs-edit-category');
                if (f) {
                    f.focus();
                }
            });
            cur.appendChild(addOwn);
        }
        panel.appendChild(cur);
    };

    Curation.prototype.firstActiveCategory = function () {
        for (var i = 0; i < this.categories.length; i++) {
            if (!this.categories[i].retired) {
                return this.categories[i].key;
            }
        }
        return null;
    };

    /** Rows: category, subtypes, each attribute any version has, span; one column per finished annotator. */
    Curation.prototype.versionsTable = function (u, locked) {
        var self = this;
        var labels = this.labels;
        var curatedKeys = new Set(u.curated.map(function (a) { return contentKey(a); }));
        var table = el('table', { 'class': 'cs-versions', id: 'cs-versions' });
        var head = el('tr');
        head.appendChild(el('th', { scope: 'col', 'class': 'cs-vrow-h' }, [el('span', { 'class': 'cs-visually-hidden', text: 'Facet' })]));
        labels.forEach(function (l, n) {
            head.appendChild(el('th', { scope: 'col', 'data-annotator': l }, [el('kbd', { text: String(n + 1) }), ' ', l]));
        });
        table.appendChild(el('thead', null, [head]));
        var body = el('tbody');
        function row(label, facet, values, render) {
            var present = [];
            labels.forEach(function (l) {
                if (u.versions[l]) {
                    present.push(values(u.versions[l]));
                }
            });
            var differs = present.some(function (v) { return v !== present[0]; });
            var tr = el('tr', { 'class': differs ? 'cs-vdiff' : null, 'data-facet': facet });
            tr.appendChild(el('th', { scope: 'row', text: label }));
            labels.forEach(function (l) {
                var v = u.versions[l];
                var td = el('td', { 'data-annotator': l });
                if (!v) {
                    if (facet === 'category') {
                        td.className = 'cs-absent';
                        td.textContent = 'did not mark it';
                    }
                } else {
                    render(td, v);
                }
                tr.appendChild(td);
            });
            body.appendChild(tr);
        }
        row('Category', 'category', function (v) { return v.category; }, function (td, v) {
            td.appendChild(el('span', { 'class': 'cs-chip', 'aria-hidden': 'true', style: 'background:' + self.catColour(v.category) }));
            td.appendChild(document.createTextNode(' ' + self.catLabel(v.category)));
        });
        row('Subtypes', 'subtypes', function (v) { return v.subtypes.slice().sort().join(','); }, function (td, v) {
            td.textContent = v.subtypes.length ? v.subtypes.map(function (k) { return self.subtypeLabel(k); }).join(', ') : '\u2014';
        });
        var keys = [];
        this.attributes.forEach(function (def) { keys.push(def.key); });
        labels.forEach(function (l) {
            var v = u.versions[l];
            Object.keys((v && v.attributes) || {}).forEach(function (k) {
                if (keys.indexOf(k) < 0) {
                    keys.push(k);
                }
            });
        });
        keys.forEach(function (k) {
            var any = labels.some(function (l) {
                var v = u.versions[l];
                return v && v.attributes[k] !== undefined && v.attributes[k] !== null && String(v.attributes[k]).trim() !== '';
            });
            if (!any) {
                return;
            }
            row(self.attrLabel(k), 'attribute:' + k, function (v) { return String(v.attributes[k] || '').trim(); }, function (td, v) {
                var val = v.attributes[k];
                td.textContent = val ? self.valueLabel(k, String(val)) : '\u2014';
                td.setAttribute('dir', 'auto');
            });
        });
        var spansDiffer = u.agreeOn.indexOf('span') < 0;
        row('Span', 'span', function (v) { return v.start + ':' + v.end; }, function (td, v) {
            td.appendChild(el('span', { 'class': 'cs-offsets', text: v.start + '\u2013' + v.end }));
            if (spansDiffer) {
                td.appendChild(el('q', { 'class': 'cs-vquote', dir: 'auto', text: v.quote != null ? v.quote : self.text.slice(v.s16, v.e16) }));
            }
        });
        table.appendChild(body);
        var foot = el('tr');
        foot.appendChild(el('th', { scope: 'row' }, [el('span', { 'class': 'cs-visually-hidden', text: 'Decision' })]));
        labels.forEach(function (l, n) {
            var v = u.versions[l];
            var td = el('td');
            if (v) {
                var inLayer = curatedKeys.has(contentKey(v));
                var b = el('button', {
                    type: 'button', 'class': 'cs-btn cs-accept' + (inLayer ? ' cs-accepted' : ''), 'data-accept': l,
                    'data-source': String(v.id), 'aria-keyshortcuts': String(n + 1), disabled: locked,
                    title: inLayer ? l + '\u2019s version is in the curated layer' : 'Copy ' + l + '\u2019s version into the curated layer (key ' + (n + 1) + ')'
                }, [inLayer ? '\u2713 Accepted' : 'Accept']);
                b.addEventListener('click', function () { self.accept(u.key, l); });
                td.appendChild(b);
            }
            foot.appendChild(td);
        });
        table.appendChild(el('tfoot', null, [foot]));
        return el('div', { 'class': 'cs-versions-wrap' }, [table]);
    };

    Curation.prototype.buildNote = function (u, locked) {
        var self = this;
        var draft = this.noteDraft && this.noteDraft.key === u.key ? this.noteDraft.text : null;
        var ta = el('textarea', { id: 'cs-note', rows: '2', maxlength: '10000', disabled: locked,
            placeholder: 'Why you decided as you did (saved with the unit)' });
        ta.value = draft !== null ? draft : (u.note || '');
        var state = el('small', { id: 'cs-note-status', 'class': 'cs-hint', 'aria-live': 'polite',
            text: draft !== null && draft !== (u.note || '') ? 'Not saved yet' : u.note ? 'Saved' : '' });
        ta.addEventListener('input', function () {
            self.noteDraft = { key: u.key, start: u.start, end: u.end, text: ta.value };
            state.textContent = 'Unsaved\u2026';
            clearTimeout(self.noteTimer);
            self.noteTimer = setTimeout(function () { self.flushNote(); }, NOTE_DEBOUNCE_MS);
        });
        ta.addEventListener('change', function () { self.flushNote(); });
        var block = el('div', { 'class': 'cs-field cs-note', 'data-unit': u.key }, [
            el('label', { 'for': 'cs-note', text: 'Note' }), ta, state
        ]);
        this.noteBlock = block;
        return block;
    };

    Curation.prototype.curatedItem = function (a, u, locked) {
        var self = this;
        if (this.editing && this.editing.id === String(a.id)) {
            return el('li', { 'data-curated-id': String(a.id), 'class': 'cs-editing' }, [this.editForm(a, u)]);
        }
        var facts = [];
        if (a.subtypes.length) {
            facts.push(a.subtypes.map(function (k) { return self.subtypeLabel(k); }).join(', '));
        }
        var attrs = cleanAttrs(a.attributes);
        Object.keys(attrs).forEach(function (k) {
            facts.push(self.attrLabel(k) + ': ' + self.valueLabel(k, attrs[k]));
        });
        var from = this.labels.filter(function (l) { var v = u && u.versions[l]; return v && contentKey(v) === contentKey(a); });
        var li = el('li', { 'data-curated-id': String(a.id), 'data-category': a.category }, [
            el('div', { 'class': 'cs-cur-head' }, [
                el('span', { 'class': 'cs-chip', 'aria-hidden': 'true', style: 'background:' + this.catColour(a.category) }),
                el('b', { 'class': 'cs-cur-cat', text: ' ' + this.catLabel(a.category) }),
                el('span', { 'class': 'cs-muted', text: from.length ? ' \u00b7 as ' + from.join(', ') : ' \u00b7 curator\u2019s version' })
            ]),
            facts.length ? el('div', { 'class': 'cs-cur-facts', dir: 'auto', text: facts.join(' \u00b7 ') }) : null,
            !u || a.start !== u.start || a.end !== u.end
                ? el('div', { 'class': 'cs-cur-span' }, [a.start + '\u2013' + a.end + ' ', el('q', { dir: 'auto', text: a.quote != null ? a.quote : this.text.slice(a.s16, a.e16) })])
                : null
        ]);
        var edit = el('button', { type: 'button', 'class': 'cs-btn cs-mini', 'data-edit': String(a.id), disabled: locked, text: 'Edit' });
        edit.addEventListener('click', function () {
            self.editing = { id: String(a.id), unitKey: u ? u.key : null, version: a.version, draft: {
                start: a.start, end: a.end, category: a.category, subtypes: a.subtypes.slice(), attributes: Object.assign({}, a.attributes)
            } };
            self.editing.base = contentKey(self.editing.draft);
            self.editing.baseContent = contentOf(a);
            self.renderPanel();
            var f = self.panelEl.querySelector('#cs-edit-category');
            if (f) {
                f.focus();
            }
        });
        var del = el('button', { type: 'button', 'class': 'cs-btn cs-mini cs-danger', 'data-delete': String(a.id), disabled: locked, text: 'Delete' });
        del.addEventListener('click', function () { self.deleteCurated(String(a.id)); });
        li.appendChild(el('div', { 'class': 'cs-cur-actions' }, [edit, del]));
        return li;
    };

    /** The small form for a curated annotation's category, subtypes and attributes (a = null: a new one). */
    Curation.prototype.editForm = function (a, u) {
        var self = this;
        var d = this.editing.draft;
        var form = el('form', { id: 'cs-edit', 'class': 'cs-form cs-edit-form', novalidate: true,
            'aria-label': a ? 'Change the curated annotation' : 'New curated annotation' });
        var catSel = el('select', { id: 'cs-edit-category', name: 'category' });
        this.categories.forEach(function (c) {
            if (!c.retired || c.key === d.category) {
                catSel.appendChild(el('option', { value: c.key, text: c.label + (c.retired ? ' (retired)' : '') }));
            }
        });
        if (d.category && !this.category(d.category)) {
            catSel.appendChild(el('option', { value: d.category, text: d.category + ' (unknown)' }));
        }
        catSel.value = d.category;
        form.appendChild(el('div', { 'class': 'cs-field' }, [el('label', { 'for': 'cs-edit-category', text: 'Category' }), catSel]));
        var box = el('div', { 'class': 'cs-checks' });
        var has = new Set(d.subtypes || []);
        this.subtypes.forEach(function (s) {
            if (!s.retired || has.has(s.key)) {
                var id = 'cs-edit-st-' + s.key;
                var input = el('input', { type: 'checkbox', name: 'subtype', value: s.key, id: id });
                input.checked = has.has(s.key);
                box.appendChild(el('div', { 'class': 'cs-check', title: s.description || null }, [input,
                    el('label', { 'for': id, text: s.label + (s.retired ? ' (retired)' : '') })]));
            }
        });
        has.forEach(function (k) {
            if (!self.subtypeByKey.has(k)) {
                var input = el('input', { type: 'checkbox', name: 'subtype', value: k, id: 'cs-edit-st-' + k });
                input.checked = true;
                box.appendChild(el('div', { 'class': 'cs-check' }, [input, el('label', { 'for': 'cs-edit-st-' + k, text: k + ' (unknown)' })]));
            }
        });
        form.appendChild(el('fieldset', { 'class': 'cs-field cs-subtypes' }, [el('legend', { text: 'Subtypes' }), box]));
        this.attributes.forEach(function (def) {
            var id = 'cs-edit-' + def.key;
            var name = 'attr-' + def.key;
            var v = d.attributes[def.key];
            v = v === undefined || v === null ? '' : String(v);
            var control;
            if (def.type === 'ONE_OF' || def.type === 'BOOLEAN') {
                control = el('select', { id: id, name: name });
                control.appendChild(el('option', { value: '', text: '\u2014' }));
                if (def.type === 'BOOLEAN') {
                    control.appendChild(el('option', { value: 'true', text: 'Yes' }));
                    control.appendChild(el('option', { value: 'false', text: 'No' }));
                }
                var found = v === '' || def.type === 'BOOLEAN' && (v === 'true' || v === 'false');
                (def.values || []).forEach(function (val) {
                    if (!val.retired || val.key === v) {
                        control.appendChild(el('option', { value: val.key, text: val.label + (val.retired ? ' (retired)' : '') }));
                    }
                    if (val.key === v) {
                        found = true;
                    }
                });
                if (!found) {
                    control.appendChild(el('option', { value: v, text: v + ' (unknown)' }));
                }
                control.value = v;
            } else if (def.key === 'note') {
                control = el('textarea', { id: id, name: name, rows: '2', maxlength: '10000' });
                control.value = v;
            } else {
                control = el('input', { id: id, name: name, type: 'text', autocomplete: 'off', maxlength: def.key === 'speaker' ? '500' : '10000' });
                control.value = v;
            }
            form.appendChild(el('div', { 'class': 'cs-field cs-field-' + def.key }, [el('label', { 'for': id, text: def.label || def.key }), control]));
        });
        var save = el('button', { type: 'submit', id: 'cs-edit-save', 'class': 'cs-btn cs-primary', text: a ? 'Save' : 'Add to the curated layer' });
        var cancel = el('button', { type: 'button', id: 'cs-edit-cancel', 'class': 'cs-btn', text: 'Cancel' });
        form.appendChild(el('div', { 'class': 'cs-panel-actions' }, [save, cancel]));
        // every change is kept in the draft, so a refresh of the panel loses nothing
        function collect() {
            var draft = { start: d.start, end: d.end, category: catSel.value, subtypes: [], attributes: {} };
            var boxes = form.querySelectorAll('input[name=subtype]');
            for (var i = 0; i < boxes.length; i++) {
                if (boxes[i].checked) {
                    draft.subtypes.push(boxes[i].value);
                }
            }
            Object.keys(d.attributes || {}).forEach(function (k) {
                if (!self.attrByKey.has(k)) {
                    draft.attributes[k] = d.attributes[k];
                }
            });
            self.attributes.forEach(function (def) {
                var c = form.elements['attr-' + def.key];
                if (c && c.value.trim() !== '') {
                    draft.attributes[def.key] = c.value;
                }
            });
            self.editing.draft = draft;
            return draft;
        }
        form.addEventListener('input', collect);
        form.addEventListener('change', collect);
        form.addEventListener('submit', function (e) {
            e.preventDefault();
            self.saveEdit(collect());
        });
        form.addEventListener('keydown', function (e) {
            if (e.key === 'Escape') {
                e.preventDefault();
                e.stopPropagation();
                self.editing = null;
                self.renderPanel();
            }
        });
        cancel.addEventListener('click', function () {
            self.editing = null;
            self.renderPanel();
        });
        return form;
    };

    Curation.prototype.renderExtraPanel = function (a) {
        var panel = this.panelEl;
        panel.removeAttribute('data-unit');
        panel.style.setProperty('--cs-c', this.catColour(a.category));
        panel.appendChild(el('h2', { 'class': 'cs-h', id: 'cs-panel-h', text: 'Curator\u2019s own annotation' }));
        panel.appendChild(el('blockquote', { 'class': 'cs-quote', dir: 'auto', text: a.quote != null ? a.quote : this.text.slice(a.s16, a.e16) }));
        panel.appendChild(el('p', { 'class': 'cs-facts', text: 'Characters ' + a.start + '\u2013' + a.end
            + ' \u00b7 no annotator marked this passage; it is in the curated layer.' }));
        var list = el('ul', { 'class': 'cs-curated-list', id: 'cs-curated-list' }, [this.curatedItem(a, null, this.locked())]);
        panel.appendChild(el('section', { 'class': 'cs-curated' }, [list]));
    };

    // ---- writing -----------------------------------------------------------------------------------

    /**
     * Runs one write after the previous ones, then reads the curation again and shows it. A failed
     * write is reported with the server's words; the page is refreshed either way, so it never
     * shows something the server does not hold.
     */
    Curation.prototype.write = function (what, run, done) {
        var self = this;
        this.pending++;
        this.writing++;
        this.setStatus('saving', 'Saving\u2026');
        var before = { state: this.state, curated: this.curated.length };
        var job = this.queue.then(function () {
            return run();
        }).then(function (result) {
            return self.reload().catch(function () { /* reported by reload */ }).then(function () {
                self.pending--;
                self.writing--;
                self.setStatus('saved', 'Saved');
                if (before.state === 'NEW' && self.state !== 'NEW' && done && done.expected !== undefined) {
                    var extra = self.curated.length - before.curated - done.expected;
                    if (extra > 0) {
                        done.text = (done.text ? done.text + ' ' : '') + 'The curation started, and '
                            + plural(extra, 'unanimous unit was', 'unanimous units were') + ' merged at once (a project setting).';
                    }
                }
                if (done && done.after) {
                    done.after(result);
                }
                if (done && done.text) {
                    self.showMessage('info', done.text, done.actions);
                }
                return result;
            });
        }, function (err) {
            self.pending--;
            self.writing--;
            self.setStatus('error', 'Not saved');
            var actions = done && done.onError ? done.onError(err) : undefined;
            self.reportError(err, what, actions);
            // the state may have changed elsewhere (finished in another tab): show the server's view
            return self.reload().then(function () {
                if (err.status === 409 && self.locked() && !actions) {
                    self.reportError(err, what, [{ label: 'Reopen', id: 'reopen', run: function () { self.toggleFinished(); } }]);
                }
                return null;
            }, function () { return null; });
        });
        this.queue = job.then(function () { return null; }, function () { return null; });
        return job;
    };

    /**
     * Runs a decision once the writes before it are done and shown, so that it is judged on what
     * the server holds (pressing 1 twice quickly accepts once).
     */
    Curation.prototype.whenSettled = function (fn) {
        var self = this;
        if (!this.writing) {
            return fn();
        }
        return this.queue.then(function () { return self.whenSettled(fn); });
    };

    Curation.prototype.reload = function () {
        var self = this;
        return this.api.request('GET', '/documents/' + encodeURIComponent(this.documentId) + '/curation').then(function (view) {
            self.applyView(view);
            self.renderAll();
        }, function (err) {
            self.reportError(err, 'The curation could not be read again (the page may be out of date; reload it)');
            throw err;
        });
    };

    Curation.prototype.renderAll = function () {
        this.renderLayers();
        this.renderText();
        this.renderList();
        this.renderState();
        this.renderPanel();
    };

    Curation.prototype.refuseIfLocked = function () {
        if (this.locked()) {
            this.explainLocked();
            return true;
        }
        return false;
    };

    Curation.prototype.docPath = function (suffix) {
        return '/documents/' + encodeURIComponent(this.documentId) + suffix;
    };

    /** Accepts one annotator's version of a unit: copies it into the curated layer. */
    Curation.prototype.accept = function (key, label) {
        if (this.writing) {
            var again = this;
            var args = arguments;
            return this.whenSettled(function () { return again.accept.apply(again, args); });
        }
        var self = this;
        var u = this.unitByKey.get(key);
        if (!u) {
            return Promise.resolve(null);
        }
        if (this.refuseIfLocked()) {
            return Promise.resolve(null);
        }
        var v = u.versions[label];
        if (!v) {
            this.showMessage('info', label + ' did not mark this unit, so there is no version of theirs to accept. '
                + 'Reject the unit (r), or add an annotation of your own.');
            return Promise.resolve(null);
        }
        var same = u.curated.filter(function (a) { return contentKey(a) === contentKey(v); });
        if (same.length) {
            this.showMessage('info', label + '\u2019s version is already in the curated layer.');
            return Promise.resolve(null);
        }
        var add = function () {
            return self.write('The version of ' + label + ' was not accepted', function () {
                return self.api.request('POST', self.docPath('/curation/annotations'), { sourceAnnotationId: v.id });
            }, { text: label + '\u2019s version is now in the curated layer.', expected: 1 });
        };
        if (u.curated.length) {
            var others = u.curated.map(function (a) { return self.catLabel(a.category) + ' ' + a.start + '\u2013' + a.end; }).join('; ');
            this.showMessage('info', 'This unit already has ' + plural(u.curated.length, 'annotation', 'annotations')
                + ' in the curated layer (' + others + '). Replace ' + (u.curated.length === 1 ? 'it' : 'them') + ' with '
                + label + '\u2019s version, or add ' + label + '\u2019s as well?', [
                { label: 'Replace with ' + label + '\u2019s version', id: 'replace', run: function () { self.replaceWith(u, v, label); } },
                { label: 'Add as well', id: 'add', run: add }
            ]);
            return Promise.resolve(null);
        }
        return add();
    };

    Curation.prototype.replaceWith = function (u, v, label) {
        var self = this;
        var ids = u.curated.map(function (a) { return String(a.id); });
        return this.write('The curated layer was not changed', function () {
            var chain = Promise.resolve();
            ids.forEach(function (id) {
                chain = chain.then(function () {
                    return self.api.request('DELETE', '/curation/annotations/' + encodeURIComponent(id)).catch(function (err) {
                        if (err.status !== 404) { // already gone is what we wanted
                            throw err;
                        }
                    });
                });
            });
            return chain.then(function () {
                return self.api.request('POST', self.docPath('/curation/annotations'), { sourceAnnotationId: v.id });
            });
        }, { text: 'Replaced: ' + label + '\u2019s version is now the unit\u2019s annotation in the curated layer.' });
    };

    /** Rejects the unit, or takes the rejection back. */
    Curation.prototype.reject = function (key) {
        if (this.writing) {
            var again = this;
            var args = arguments;
            return this.whenSettled(function () { return again.reject.apply(again, args); });
        }
        var self = this;
        var u = this.unitByKey.get(key);
        if (!u || this.refuseIfLocked()) {
            return Promise.resolve(null);
        }
        var note = this.noteDraft && this.noteDraft.key === u.key ? this.noteDraft.text : (u.note || '');
        if (u.resolution === 'REJECTED') {
            return this.write('The rejection was not taken back', function () {
                return self.api.request('PUT', self.docPath('/curation/units'), { start: u.start, end: u.end, rejected: false, note: note });
            }, { text: 'The unit is open again.', expected: 0, after: function () { self.noteSaved(u.key, note); } });
        }
        var doReject = function (deleteIds) {
            return self.write('The unit was not rejected', function () {
                var chain = Promise.resolve();
                (deleteIds || []).forEach(function (id) {
                    chain = chain.then(function () {
                        return self.api.request('DELETE', '/curation/annotations/' + encodeURIComponent(id)).catch(function (err) {
                            if (err.status !== 404) {
                                throw err;
                            }
                        });
                    });
                });
                return chain.then(function () {
                    return self.api.request('PUT', self.docPath('/curation/units'), { start: u.start, end: u.end, rejected: true, note: note });
                });
            }, { text: 'Unit rejected: nothing of it goes into the curated layer. Press r again to take it back.', expected: 0,
                after: function () { self.noteSaved(u.key, note); } });
        };
        if (u.curated.length) {
            this.showMessage('info', 'This unit has ' + plural(u.curated.length, 'annotation', 'annotations')
                + ' in the curated layer. Rejecting it removes ' + (u.curated.length === 1 ? 'it' : 'them') + '.', [{
                label: 'Delete and reject', id: 'reject', run: function () { doReject(u.curated.map(function (a) { return String(a.id); })); }
            }]);
            return Promise.resolve(null);
        }
        return doReject([]);
    };

    Curation.prototype.noteSaved = function (key, text) {
        if (this.noteDraft && this.noteDraft.key === key && this.noteDraft.text === text) {
            this.noteDraft = null;
        }
    };

    /** Saves the note being typed, if it differs from the saved one. */
    Curation.prototype.flushNote = function () {
        clearTimeout(this.noteTimer);
        this.noteTimer = null;
        var d = this.noteDraft;
        if (!d) {
            return Promise.resolve(null);
        }
        var self = this;
        var u = this.unitByKey.get(d.key);
        if (u && (u.note || '') === d.text) {
            this.noteDraft = null;
            return Promise.resolve(null);
        }
        if (this.locked()) {
            this.showMessage('error', 'The note was not saved: the curation is finished. Reopen it to save the note (it stays in the page until then).', [{
                label: 'Reopen', id: 'reopen', run: function () { self.toggleFinished(); }
            }]);
            return Promise.resolve(null);
        }
        var rejected = !!(u && (u.rejected === true || u.resolution === 'REJECTED'));
        var status = this.noteBlock && this.noteBlock.getAttribute('data-unit') === d.key ? this.noteBlock.querySelector('#cs-note-status') : null;
        if (status) {
            status.textContent = 'Saving\u2026';
        }
        var sent = d.text;
        this.pending++;
        this.setStatus('saving', 'Saving\u2026');
        var job = this.queue.then(function () {
            return self.api.request('PUT', self.docPath('/curation/units'), { start: d.start, end: d.end, rejected: rejected, note: sent });
        }).then(function (res) {
            self.pending--;
            self.setStatus('saved', 'Saved');
            var unit = self.unitByKey.get(d.key);
            if (unit) {
                unit.note = res && res.note !== undefined ? res.note : sent;
            }
            self.noteSaved(d.key, sent);
            var st = self.noteBlock && self.noteBlock.getAttribute('data-unit') === d.key ? self.noteBlock.querySelector('#cs-note-status') : null;
            if (st) {
                st.textContent = self.noteDraft ? 'Unsaved\u2026' : 'Note saved';
            }
            if (self.state === 'NEW') {
                return self.reload(); // the first write started the curation
            }
            return null;
        }, function (err) {
            self.pending--;
            self.setStatus('error', 'Not saved');
            var st = self.noteBlock && self.noteBlock.getAttribute('data-unit') === d.key ? self.noteBlock.querySelector('#cs-note-status') : null;
            if (st) {
                st.textContent = 'Not saved';
            }
            self.reportError(err, 'The note was not saved (it is still in the page)', [{
                label: 'Try again', id: 'retry', run: function () { self.flushNote(); }
            }]);
            if (err.status === 409) {
                self.reload();
            }
            return null;
        });
        this.queue = job.then(function () { return null; }, function () { return null; });
        return job;
    };

    Curation.prototype.saveEdit = function (draft) {
        if (this.writing) {
            var again = this;
            return this.whenSettled(function () { return again.saveEdit(draft); });
        }
        var self = this;
        var ed = this.editing;
        if (!ed || this.refuseIfLocked()) {
            return Promise.resolve(null);
        }
        var body = { start: draft.start, end: draft.end, category: draft.category, subtypes: draft.subtypes, attributes: cleanAttrs(draft.attributes) };
        if (ed.id === null) {
            return this.write('The annotation was not added to the curated layer', function () {
                return self.api.request('POST', self.docPath('/curation/annotations'), body);
            }, { text: 'Added to the curated layer.', expected: 1, after: function () { self.editing = null; self.renderPanel(); } });
        }
        body.version = ed.version;
        var id = ed.id;
        return this.write('Your change was not saved', function () {
            return self.api.request('PUT', '/curation/annotations/' + encodeURIComponent(id), body);
        }, {
            text: 'Saved in the curated layer.', expected: 0,
            after: function () { self.editing = null; self.renderPanel(); },
            onError: function (err) {
                if (err.status === 409 && /changed|stale|version/i.test(err.message)) {
                    var changes = changesOf(draft, ed.baseContent || draft);
                    return [{ label: 'Apply my change to their version', id: 'reapply', run: function () {
                        var fresh = self.curatedById.get(id);
                        if (!fresh) {
                            self.showMessage('error', 'The annotation was deleted by another curator; your change could not be applied.');
                            return;
                        }
                        var merged = mergeChanges(fresh, changes);
                        self.editing = { id: id, unitKey: ed.unitKey, version: fresh.version, draft: merged,
                            base: contentKey(fresh), baseContent: contentOf(fresh) };
                        self.saveEdit(merged);
                    } }];
                }
                if (err.status === 404) {
                    self.editing = null;
                }
                return undefined;
            }
        });
    };

    Curation.prototype.deleteCurated = function (id) {
        if (this.writing) {
            var again = this;
            var args = arguments;
            return this.whenSettled(function () { return again.deleteCurated.apply(again, args); });
        }
        var self = this;
        var a = this.curatedById.get(id);
        if (!a || this.refuseIfLocked()) {
            return Promise.resolve(null);
        }
        var keep = { start: a.start, end: a.end, category: a.category, subtypes: a.subtypes.slice(), attributes: cleanAttrs(a.attributes) };
        return this.write('The annotation was not deleted', function () {
            return self.api.request('DELETE', '/curation/annotations/' + encodeURIComponent(id));
        }, {
            text: 'Deleted from the curated layer (' + this.catLabel(a.category) + ', ' + a.start + '\u2013' + a.end + ').',
            actions: [{ label: 'Undo', id: 'undo', run: function () {
                self.write('The annotation was not restored', function () {
                    return self.api.request('POST', self.docPath('/curation/annotations'), keep);
                }, { text: 'Restored in the curated layer.' });
            } }]
        });
    };

    Curation.prototype.addFromSelection = function (category, given) {
        var self = this;
        if (this.refuseIfLocked()) {
            return Promise.resolve(null);
        }
        var off = given || this.offsetsOfSelection();
        if (off && this.writing) {
            return this.whenSettled(function () { return self.addFromSelection(category, off); });
        }
        if (!off) {
            this.showMessage('info', 'Select some text in the document first, then choose the category.');
            return Promise.resolve(null);
        }
        var s = window.getSelection();
        if (s) {
            s.removeAllRanges(); // a second click must not add the same passage twice
        }
        return this.write('The annotation was not added to the curated layer', function () {
            return self.api.request('POST', self.docPath('/curation/annotations'),
                { start: off.start, end: off.end, category: category, subtypes: [], attributes: {} });
        }, {
            text: 'Added to the curated layer as ' + this.catLabel(category) + '. Edit it in the panel to add subtypes and attributes.', expected: 1,
            after: function (created) {
                if (!created) {
                    return;
                }
                var covering = null;
                for (var i = 0; i < self.units.length; i++) {
                    if (self.units[i].curated.some(function (c) { return String(c.id) === String(created.id); })) {
                        covering = self.units[i];
                        break;
                    }
                }
                self.select(covering ? { kind: 'unit', key: covering.key } : { kind: 'extra', id: String(created.id) });
            }
        });
    };

    Curation.prototype.mergeUnanimous = function () {
        if (this.writing) {
            var again = this;
            var args = arguments;
            return this.whenSettled(function () { return again.mergeUnanimous.apply(again, args); });
        }
        var self = this;
        if (this.refuseIfLocked()) {
            return Promise.resolve(null);
        }
        var finished = this.labels.length;
        return this.write('The unanimous units were not merged', function () {
            return self.api.request('POST', self.docPath('/curation/merge-unanimous'));
        }, {
            after: function (res) {
                var n = res && typeof res.count === 'number' ? res.count : 0;
                self.mergeBtn.dataset.merged = String(n);
                self.showMessage('info', n ? 'Merged ' + plural(n, 'unanimous unit', 'unanimous units') + ' into the curated layer.'
                    : finished < 2 ? 'Nothing was merged: merging needs at least two finished sets.'
                        : 'Nothing was merged: no unanimous unit was left open (0 merged).');
            }
        });
    };

    Curation.prototype.toggleFinished = function () {
        if (this.writing) {
            var again = this;
            var args = arguments;
            return this.whenSettled(function () { return again.toggleFinished.apply(again, args); });
        }
        var self = this;
        var target = this.locked() ? 'IN_PROGRESS' : 'FINISHED';
        var finish = function () {
            self.finishBtn.disabled = true;
            return self.flushNote().then(function () {
                return self.write(target === 'FINISHED' ? 'The curation was not finished' : 'The curation was not reopened', function () {
                    return self.api.request('PUT', self.docPath('/curation/state'), { state: target });
                }, {
                    text: target === 'FINISHED' ? 'Curation finished: the curated layer of this document is final. Reopen it to change it.'
                        : 'Reopened: you can change the curated layer again.'
                });
            }).then(function () {
                self.finishBtn.disabled = false;
            });
        };
        if (target === 'FINISHED' && this.counts.open > 0) {
            this.showMessage('info', plural(this.counts.open, 'unit is', 'units are') + ' still open (' + this.counts.openDisagreements
                + ' of them disagreements); nothing of an open unit goes into the curated layer. Finish anyway?', [{
                label: 'Finish anyway', id: 'finish', run: finish
            }]);
            return Promise.resolve(null);
        }
        return finish();
    };

    // ---- DOM selection <-> offsets (as in editor.js) -----------------------------------------------

    Curation.prototype.domToU16 = function (node, offset) {
        var textEl = this.textEl;
        var range = document.createRange();
        range.selectNodeContents(textEl);
        var c;
        try {
            c = range.comparePoint(node, offset);
        } catch (e) {
            return null;
        }
        if (c < 0) {
            return 0;
        }
        if (c > 0) {
            return this.text.length;
        }
        if (node.nodeType === 3) {
            var seg = node.parentNode;
            var s = seg && seg.getAttribute ? seg.getAttribute('data-s') : null;
            if (s !== null) {
                return +s + Math.min(offset, node.length);
            }
            node = seg;
            offset = 0;
        }
        var elx = node;
        if (elx === textEl) {
            var child = textEl.childNodes[offset];
            var ci = child && child.getAttribute ? child.getAttribute('data-i') : null;
            return ci !== null && ci !== undefined ? this.paras[+ci].s : this.text.length;
        }
        if (elx.classList && elx.classList.contains('cs-p')) {
            var p = this.paras[+elx.getAttribute('data-i')];
            var ch = elx.childNodes[offset];
            return ch && ch.getAttribute ? +ch.getAttribute('data-s') : p.e;
        }
        if (elx.hasAttribute && elx.hasAttribute('data-s')) {
            return offset === 0 ? +elx.getAttribute('data-s') : +elx.getAttribute('data-s') + elx.textContent.length;
        }
        var segEl = elx.closest && elx.closest('[data-s]');
        return segEl ? +segEl.getAttribute('data-s') : 0;
    };

    Curation.prototype.u16ToDom = function (u) {
        var i = this.paraOf(u);
        var p = this.paras[i];
        var pe = this.paraEls[i];
        if (!pe) {
            for (var j = i + 1; j < this.paras.length; j++) {
                if (this.paraEls[j]) {
                    return this.u16ToDom(this.paras[j].s);
                }
            }
            for (j = i - 1; j >= 0; j--) {
                if (this.paraEls[j]) {
                    return this.u16ToDom(this.paras[j].e);
                }
            }
            return { node: this.textEl, offset: 0 };
        }
        u = Math.min(Math.max(u, p.s), p.e);
        var kids = pe.children;
        var lo = 0;
        var hi = kids.length - 1;
        while (lo < hi) {
            var mid = (lo + hi + 1) >> 1;
            if (+kids[mid].getAttribute('data-s') <= u) {
                lo = mid;
            } else {
                hi = mid - 1;
            }
        }
        var span = kids[lo];
        var tn = span.firstChild;
        var off = u - +span.getAttribute('data-s');
        if (!tn) {
            return { node: span, offset: 0 };
        }
        return { node: tn, offset: Math.min(off, tn.length) };
    };

    /** Sets a real DOM selection for code-point offsets [startCp, endCp) (tests use it). */
    Curation.prototype.selectRange = function (startCp, endCp) {
        var s = this.index.toU16(Math.min(startCp, endCp));
        var e = this.index.toU16(Math.max(startCp, endCp));
        var a = this.u16ToDom(s);
        var b = this.u16ToDom(e);
        var r = document.createRange();
        r.setStart(a.node, a.offset);
        r.setEnd(b.node, b.offset);
        var sel = window.getSelection();
        sel.removeAllRanges();
        sel.addRange(r);
        return true;
    };

    Curation.prototype.snapGrapheme = function (u, forward) {
        var text = this.text;
        if (u <= 0 || u >= text.length) {
            return u;
        }
        var p = this.paras[this.paraOf(u)];
        if (u <= p.s || u >= p.e) {
            return u;
        }
        if (typeof Intl !== 'undefined' && Intl.Segmenter) {
            if (!this.segmenter) {
                this.segmenter = new Intl.Segmenter(undefined, { granularity: 'grapheme' });
            }
            var from = Math.max(p.s, u - 64);
            var to = Math.min(p.e, u + 64);
            var g = this.segmenter.segment(text.slice(from, to)).containing(u - from);
            if (g && g.index + from !== u) {
                return forward ? from + g.index + g.segment.length : from + g.index;
            }
            return u;
        }
        var c = text.charCodeAt(u);
        if (c >= 0xDC00 && c <= 0xDFFF) {
            return forward ? u + 1 : u - 1;
        }
        return u;
    };

    Curation.prototype.offsetsOfSelection = function () {
        var sel = window.getSelection();
        if (!sel || !sel.rangeCount || sel.isCollapsed) {
            return null;
        }
        var r = sel.getRangeAt(0);
        var whole = document.createRange();
        whole.selectNodeContents(this.textEl);
        try {
            if (whole.comparePoint(r.startContainer, r.startOffset) !== 0 && whole.comparePoint(r.endContainer, r.endOffset) !== 0) {
                return null;
            }
        } catch (err) {
            return null;
        }
        var s = this.domToU16(r.startContainer, r.startOffset);
        var e = this.domToU16(r.endContainer, r.endOffset);
        if (s === null || e === null) {
            return null;
        }
        if (s > e) {
            var t = s;
            s = e;
            e = t;
        }
        var text = this.text;
        while (s < e && isWs(text[s])) {
            s++;
        }
        while (e > s && isWs(text[e - 1])) {
            e--;
        }
        if (e <= s) {
            return null;
        }
        s = this.snapGrapheme(s, false);
        e = this.snapGrapheme(e, true);
        if (e <= s) {
            return null;
        }
        return { start: this.index.toCp(s), end: this.index.toCpEnd(e), quote: text.slice(s, e) };
    };

    // ---- events ------------------------------------------------------------------------------------

    Curation.prototype.bindEvents = function () {
        var self = this;
        this.textEl.addEventListener('click', function (e) { self.onTextClick(e); });
        this.listEl.addEventListener('click', function (e) {
            var li = e.target.closest('li');
            if (!li) {
                return;
            }
            if (li.hasAttribute('data-unit')) {
                self.selectUnit(li.getAttribute('data-unit'), { scroll: true });
            } else if (li.hasAttribute('data-curated-id')) {
                self.select({ kind: 'extra', id: li.getAttribute('data-curated-id') }, { scroll: true });
            }
        });
        this.listEl.addEventListener('keydown', function (e) {
            if ((e.key !== 'ArrowDown' && e.key !== 'ArrowUp') || e.altKey || e.ctrlKey || e.metaKey) {
                return;
            }
            var li = e.target.closest('li');
            var next = li && (e.key === 'ArrowDown' ? li.nextElementSibling : li.previousElementSibling);
            while (next && next.offsetParent === null) {
                next = e.key === 'ArrowDown' ? next.nextElementSibling : next.previousElementSibling;
            }
            if (next && next.firstChild) {
                e.preventDefault();
                next.firstChild.focus();
                next.firstChild.click();
            }
        });
        this.filterEl.addEventListener('click', function (e) {
            var b = e.target.closest('button[data-filter]');
            if (b) {
                self.listFilter = b.getAttribute('data-filter');
                self.renderFilters();
            }
        });
        document.addEventListener('keydown', function (e) { self.onKey(e); });
        // the list and the panel stick below the toolbar, whose height changes with its messages
        if (window.ResizeObserver) {
            new ResizeObserver(function () {
                self.root.style.setProperty('--cs-sticky-top', (self.toolbarEl.offsetHeight + 8) + 'px');
            }).observe(this.toolbarEl);
        }
        window.addEventListener('beforeunload', function (e) {
            var unsaved = self.noteDraft && (self.unitByKey.get(self.noteDraft.key) || {}).note !== self.noteDraft.text;
            if (unsaved) {
                self.flushNote();
            }
            var editing = self.editing && contentKey(self.editing.draft) !== self.editing.base;
            if (self.pending > 0 || unsaved || editing) {
                e.preventDefault();
                e.returnValue = 'Some changes are not saved yet.';
                return e.returnValue;
            }
            return undefined;
        });
    };

    Curation.prototype.onKey = function (e) {
        if (e.defaultPrevented || e.isComposing) {
            return;
        }
        var t = e.target;
        if (e.key === 'Escape') {
            if (isTypingTarget(t)) {
                return;
            }
            if (this.sel) {
                this.select(null);
                e.preventDefault();
            }
            return;
        }
        if (e.ctrlKey || e.metaKey || e.altKey || isTypingTarget(t)) {
            return;
        }
        if (t !== document && t !== document.body && t !== document.documentElement && !this.root.contains(t)) {
            return; // keys meant for other parts of the page
        }
        var key = e.key;
        var openDis = function (u) { return u.openDisagreement; };
        if (key === 'n' || key === 'j') {
            e.preventDefault();
            this.step(1, openDis, 'open disagreement');
        } else if (key === 'p' || key === 'k') {
            e.preventDefault();
            this.step(-1, openDis, 'open disagreement');
        } else if (key === ']' || key === '[') {
            e.preventDefault();
            this.step(key === ']' ? 1 : -1, function () { return true; }, 'unit');
        } else if (/^[1-9]$/.test(key)) {
            var u = this.selectedUnit();
            e.preventDefault();
            if (!u) {
                this.showMessage('info', 'Select a unit first (n jumps to the next open disagreement), then press its annotator\u2019s number.');
                return;
            }
            var label = this.labels[+key - 1];
            if (!label) {
                this.showMessage('info', 'There is no annotator ' + key + ': this document has ' + plural(this.labels.length, 'finished set', 'finished sets') + '.');
                return;
            }
            this.accept(u.key, label);
        } else if (key === 'r') {
            var ru = this.selectedUnit();
            e.preventDefault();
            if (!ru) {
                this.showMessage('info', 'Select a unit first, then press r to reject it.');
                return;
            }
            this.reject(ru.key);
        }
    };

    // ------------------------------------------------------------------------------------------
    // start

    function startCuration() {
        var root = document.getElementById('cs-curation');
        if (root && !root.__csCuration) {
            new Curation(root).init();
        }
    }

    window.ClaimscopeCuration = { Curation: Curation, TextIndex: TextIndex, start: startCuration };

    if (document.readyState === 'loading') {
        document.addEventListener('DOMContentLoaded', startCuration);
    } else {
        startCuration();
    }
}());
