/*
 * Claimscope annotation editor.
 *
 * A self-contained module without dependencies and without a build step. It starts on
 * DOMContentLoaded when the page has an element #cs-editor, reads its data attributes
 *   data-api          base URL of the REST API, e.g. /claimscope/api/v1
 *   data-document-id  the document to annotate
 *   data-annotator    when not empty: show that annotator's set, read-only (curators)
 * and renders everything from the server's answers.
 *
 * Offsets on the wire are Unicode code points (start inclusive, end exclusive). JavaScript strings
 * are UTF-16, so the editor converts at the edges through an index built once per text; inside,
 * everything (rendering, DOM mapping) works in UTF-16 code units.
 */
(function () {
    'use strict';

    var SCRIPT_START = performance.now();
    var HEADER = { 'X-Requested-With': 'claimscope' };
    var MAX_LEVELS = 6;          // underline levels shown; deeper nesting shares the last level
    var BAND = 3;                // px per underline level (2px line + 1px gap)
    var TEXT_DEBOUNCE_MS = 700;  // autosave delay while typing in a text field
    var EXCERPT = 90;            // code points of a quote shown in the list

    // ------------------------------------------------------------------------------------------
    // Small helpers

    function esc(s) {
        return String(s).replace(/[&<>"']/g, function (c) {
            return c === '&' ? '&amp;' : c === '<' ? '&lt;' : c === '>' ? '&gt;' : c === '"' ? '&quot;' : '&#39;';
        });
    }

    function escText(s) {
        // text content only: quotes need no escaping, and this runs over the whole document
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

    function hexToRgb(hex) {
        var m = /^#?([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(hex || '');
        return m ? [parseInt(m[1], 16), parseInt(m[2], 16), parseInt(m[3], 16)] : [120, 120, 120];
    }

    function tint(hex, alpha) {
        var c = hexToRgb(hex);
        return 'rgba(' + c[0] + ',' + c[1] + ',' + c[2] + ',' + alpha + ')';
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

    /** Code-point ↔ UTF-16 index of one text, built once. */
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
                    u16ToCp[i] = cp; // the low half maps into its pair; see toCpEnd
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
    /** The code point at or before a UTF-16 index (a start). */
    TextIndex.prototype.toCp = function (u) {
        u = Math.max(0, Math.min(this.text.length, u | 0));
        return this.u16ToCp[u];
    };
    /** The code point at or after a UTF-16 index (an end): an index inside a surrogate pair rounds up. */
    TextIndex.prototype.toCpEnd = function (u) {
        u = Math.max(0, Math.min(this.text.length, u | 0));
        var cp = this.u16ToCp[u];
        return this.cpTo16[cp] < u ? cp + 1 : cp;
    };

    // ------------------------------------------------------------------------------------------
    // API client

    function ApiError(status, problem) {
        this.status = status;
        this.problem = problem || {};
        this.message = (problem && (problem.detail || problem.title)) || ('HTTP ' + status);
    }

    function Api(base) {
        this.base = (base || '').replace(/\/+$/, '');
        this.contextPath = this.base.replace(/\/api\/v\d+$/, '');
    }

    Api.prototype.request = function (method, path, body, options) {
        var headers = { 'Accept': 'application/json, application/problem+json' };
        Object.keys(HEADER).forEach(function (k) { headers[k] = HEADER[k]; });
        var init = { method: method, headers: headers, credentials: 'same-origin', cache: 'no-store' };
        if (body !== undefined) {
            headers['Content-Type'] = 'application/json';
            init.body = JSON.stringify(body);
            if (options && options.keepalive && init.body.length < 60000) {
                init.keepalive = true;
            }
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
                            + '), then come back and save: nothing in this page was discarded.'
                    });
                }
                if (!res.ok) {
                    throw new ApiError(res.status, data || { title: res.statusText, detail: 'The server answered ' + res.status
                        + ' ' + (res.statusText || '') + ' to ' + method + ' ' + path + '.' });
                }
                if (type.indexOf('json') < 0 || (data === null && raw)) {
                    // a redirect to the sign-in page answers HTML with 200
                    throw new ApiError(401, {
                        title: 'Signed out',
                        detail: 'The server did not answer with data; you may have been signed out. Sign in again in another '
                            + 'tab (' + login + '), then come back and save: nothing in this page was discarded.'
                    });
                }
                return data;
            });
        }, function (networkError) {
            throw new ApiError(0, {
                title: 'Offline',
                detail: 'Could not reach the server (' + (networkError && networkError.message || 'network error')
                    + '). Your change is kept in this page; try again when the connection is back.'
            });
        });
    };

    // ------------------------------------------------------------------------------------------
    // The editor

    function Editor(root) {
        this.root = root;
        root.__csEditor = this;
        this.api = new Api(root.getAttribute('data-api') || 'api/v1');
        this.documentId = (root.getAttribute('data-document-id') || '').trim();
        this.annotator = (root.getAttribute('data-annotator') || '').trim();
        this.readOnly = this.annotator !== '';
        this.anns = new Map();       // id -> annotation (server fields + s16, e16)
        this.sorted = [];            // annotations in text order
        this.selectedId = null;
        this.saves = new Map();      // id -> {draft, inflight, waiters}
        this.failed = new Map();     // id -> draft that could not be saved
        this.dirtyTimer = null;
        this.styleKeys = new Map();  // highlight style key -> class name
        this.styleRules = [];
        this.listFilter = '';
        this.timings = { scriptStart: SCRIPT_START };
    }

    Editor.prototype.init = function () {
        var self = this;
        this.buildShell();
        if (!this.documentId) {
            this.showError('No document was given: open this page with ?document=ID.');
            return Promise.resolve();
        }
        var q = this.readOnly ? '?annotator=' + encodeURIComponent(this.annotator) : '';
        // read-only (a curator's view): the document answers with that annotator's set state
        var docP = this.api.request('GET', '/documents/' + encodeURIComponent(this.documentId) + q);
        var annsP = this.api.request('GET', '/documents/' + encodeURIComponent(this.documentId) + '/annotations' + q);
        annsP.catch(function () { /* reported below */ });
        return docP.then(function (doc) {
            self.doc = doc;
            var cbP = self.api.request('GET', '/projects/' + encodeURIComponent(doc.projectId) + '/codebook');
            if (!self.readOnly) {
                self.api.request('GET', '/projects/' + encodeURIComponent(doc.projectId) + '/speakers')
                    .then(function (list) { self.setSpeakers(list || []); }, function () { /* suggestions only */ });
            }
            return Promise.all([cbP, annsP]);
        }).then(function (res) {
            self.timings.fetched = performance.now();
            self.codebook = res[0];
            self.start(self.doc, res[0], res[1] || []);
        }).catch(function (e) {
            self.root.querySelector('.cs-loading') && self.root.querySelector('.cs-loading').remove();
            self.showError('The document could not be loaded: ' + (e && e.message || e));
            if (window.console) {
                console.error(e);
            }
        });
    };

    // ---- shell ---------------------------------------------------------------------------------

    Editor.prototype.buildShell = function () {
        var root = this.root;
        root.innerHTML = '';
        root.classList.add('cs-editor');
        root.classList.toggle('cs-readonly', this.readOnly);
        this.styleEl = el('style', { id: 'cs-dynamic-style' });
        this.headerEl = el('header', { 'class': 'cs-doc' }, [
            el('h1', { 'class': 'cs-title', id: 'cs-title', dir: 'auto', text: 'Loading the document…' }),
            el('p', { 'class': 'cs-meta', id: 'cs-meta' })
        ]);
        this.toolbarEl = el('div', { 'class': 'cs-toolbar', role: 'toolbar', 'aria-label': 'Annotation tools' });
        this.messageEl = el('div', { id: 'cs-message', 'class': 'cs-message', role: 'alert' });
        this.infoEl = el('div', { id: 'cs-info', 'class': 'cs-info', role: 'status' });
        this.listEl = el('ul', { id: 'cs-list', 'class': 'cs-list', 'aria-label': 'Annotations in text order' });
        this.countsEl = el('div', { id: 'cs-counts', 'class': 'cs-counts', role: 'group', 'aria-label': 'Counts per category; choose one to filter the list' });
        this.listHeadingEl = el('h2', { 'class': 'cs-h', id: 'cs-list-h', text: 'Annotations' });
        this.listWrap = el('nav', { 'class': 'cs-listwrap', 'aria-labelledby': 'cs-list-h' }, [this.listHeadingEl, this.countsEl, this.listEl]);
        this.textEl = el('article', { id: 'cs-text', 'class': 'cs-text', tabindex: '0', 'aria-label': 'Document text' }, [
            el('p', { 'class': 'cs-loading', text: 'Loading…' })
        ]);
        this.panelEl = el('aside', { id: 'cs-panel', 'class': 'cs-panel', 'aria-labelledby': 'cs-panel-h' });
        this.bodyEl = el('div', { 'class': 'cs-body' }, [this.listWrap, this.textEl, this.panelEl]);
        [this.styleEl, this.headerEl, this.toolbarEl, this.messageEl, this.infoEl, this.bodyEl].forEach(function (c) {
            root.appendChild(c);
        });
    };

    Editor.prototype.start = function (doc, codebook, annotations) {
        var self = this;
        var text = doc.text || '';
        this.index = new TextIndex(text);
        this.text = text;
        this.state = doc.state || 'NEW';
        this.prepareCodebook(codebook);
        this.buildParagraphs();
        annotations.forEach(function (a) { self.anns.set(String(a.id), self.withOffsets(a)); });
        this.resort();

        var t = this.timings;
        t.model = performance.now();
        this.renderHeader();
        this.buildToolbar();
        this.buildPanel();
        this.renderAllText();
        t.text = performance.now();
        this.renderList();
        t.list = performance.now();
        this.renderCounts();
        this.renderPanel();
        this.applyEditable();
        this.bindEvents();
        if (this.state === 'FINISHED' && !this.readOnly) {
            this.explainLocked();
        }
        t.built = performance.now();
        // force style and layout now, so "ready" means the page can really be used
        void this.textEl.offsetHeight;
        t.rendered = performance.now();
        this.markReady();
    };

    Editor.prototype.markReady = function () {
        var self = this;
        var api = {
            readyAt: performance.now(),
            timings: this.timings,
            selectRange: function (s, e) { return self.selectRange(s, e); },
            offsetsOfSelection: function () { return self.offsetsOfSelection(); },
            select: function (id) { self.select(id == null ? null : String(id), { scroll: true }); },
            selectedId: function () { return self.selectedId; },
            annotations: function () { return self.sorted.map(function (a) { return self.publicCopy(a); }); },
            create: function (category) { return self.createFromSelection(category); },
            flush: function () { return self.flushAll(); },
            editor: this
        };
        window.claimscopeEditor = api;
        this.root.dataset.ready = 'true';
        try {
            this.root.dispatchEvent(new CustomEvent('claimscope:ready', { bubbles: true, detail: api }));
        } catch (e) { /* old browsers */ }
    };

    Editor.prototype.publicCopy = function (a) {
        return {
            id: a.id, version: a.version, start: a.start, end: a.end, quote: a.quote, category: a.category,
            subtypes: (a.subtypes || []).slice(), attributes: Object.assign({}, a.attributes || {}),
            annotator: a.annotator, createdAt: a.createdAt, updatedAt: a.updatedAt
        };
    };

    // ---- codebook --------------------------------------------------------------------------------

    Editor.prototype.prepareCodebook = function (cb) {
        var self = this;
        cb = cb || {};
        this.categories = (cb.categories || []).slice();
        this.subtypes = (cb.subtypes || []).slice();
        this.attributes = (cb.attributes || []).slice();
        this.catIndex = new Map();
        this.categories.forEach(function (c, i) { self.catIndex.set(c.key, i); });
        this.hotkeys = new Map();
        this.categories.forEach(function (c) {
            if (!c.retired && c.hotkey) {
                self.hotkeys.set(String(c.hotkey).toLowerCase(), c.key);
            }
        });
        this.subtypeByKey = new Map();
        this.subtypes.forEach(function (s) { self.subtypeByKey.set(s.key, s); });
        this.attrByKey = new Map();
        this.attributes.forEach(function (a) { self.attrByKey.set(a.key, a); });
    };

    Editor.prototype.category = function (key) {
        var i = this.catIndex.get(key);
        return i === undefined ? null : this.categories[i];
    };

    /** An index for colours: codebook categories first, then unknown keys (shown grey). */
    Editor.prototype.catIdx = function (key) {
        var i = this.catIndex.get(key);
        if (i === undefined) {
            i = this.categories.length;
            this.categories.push({ key: key, label: key, colour: '#777777', retired: true, unknown: true });
            this.catIndex.set(key, i);
        }
        return i;
    };

    Editor.prototype.catLabel = function (key) {
        var c = this.category(key);
        return c ? c.label + (c.retired && !c.unknown ? ' (retired)' : '') : key;
    };

    Editor.prototype.catColour = function (key) {
        var c = this.category(key);
        return c && c.colour ? c.colour : '#777777';
    };

    Editor.prototype.valueLabel = function (attrKey, value) {
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

    Editor.prototype.withOffsets = function (a) {
        a.id = String(a.id);
        a.subtypes = a.subtypes || [];
        a.attributes = a.attributes || {};
        a.s16 = this.index.toU16(a.start);
        a.e16 = this.index.toU16(a.end);
        return a;
    };

    function byTextOrder(a, b) {
        return a.s16 - b.s16 || a.e16 - b.e16 || (Number(a.id) - Number(b.id)) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
    }

    Editor.prototype.resort = function () {
        this.sorted = Array.from(this.anns.values()).sort(byTextOrder);
    };

    Editor.prototype.buildParagraphs = function () {
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

    /** The paragraph holding UTF-16 index u (a "\n" belongs to the paragraph it ends). */
    Editor.prototype.paraOf = function (u) {
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

    Editor.prototype.paraRange = function (s16, e16) {
        return [this.paraOf(s16), this.paraOf(Math.max(s16, e16 - 1))];
    };

    // ---- rendering the text ----------------------------------------------------------------------

    Editor.prototype.renderAllText = function () {
        var paras = this.paras;
        var buckets = new Array(paras.length);
        for (var k = 0; k < this.sorted.length; k++) {
            var a = this.sorted[k];
            var r = this.paraRange(a.s16, a.e16);
            for (var i = r[0]; i <= r[1]; i++) {
                (buckets[i] || (buckets[i] = [])).push(a);
            }
        }
        var html = [];
        for (var j = 0; j < paras.length; j++) {
            var p = paras[j];
            if (p.e > p.s) {
                var out = this.paraInner(j, buckets[j] || []);
                html.push('<p class="cs-p' + out.cls + '" data-i="' + j + '" dir="auto" style="contain-intrinsic-size:auto '
                    + out.height + 'em">' + out.html + '</p>');
            }
        }
        if (!html.length) {
            html.push('<p class="cs-empty-doc">This document has no text.</p>');
        }
        this.flushStyles();
        this.textEl.innerHTML = html.join('');
        this.paraEls = new Array(paras.length);
        var children = this.textEl.children;
        for (var c = 0; c < children.length; c++) {
            var d = children[c].getAttribute('data-i');
            if (d !== null) {
                this.paraEls[+d] = children[c];
            }
        }
        this.updateSelectedColour();
    };

    Editor.prototype.annsOverlapping = function (s, e) {
        var out = [];
        var list = this.sorted;
        for (var k = 0; k < list.length; k++) {
            var a = list[k];
            if (a.s16 >= e) {
                break;
            }
            if (a.e16 > s) {
                out.push(a);
            }
        }
        return out;
    };

    /** Re-renders the paragraphs from index i0 to i1 (inclusive), only those. */
    Editor.prototype.rerenderParas = function (i0, i1) {
        for (var i = i0; i <= i1; i++) {
            var elp = this.paraEls[i];
            if (!elp) {
                continue;
            }
            var p = this.paras[i];
            var out = this.paraInner(i, this.annsOverlapping(p.s, p.e + 1));
            this.flushStyles();
            elp.className = 'cs-p' + out.cls;
            elp.innerHTML = out.html;
        }
        if (this.selectedId) {
            this.markSelectionEnds(this.segmentsOf(this.selectedId));
        }
        this.updateSelectedColour();
    };

    Editor.prototype.rerenderSpans = function (spans) {
        var self = this;
        spans.forEach(function (sp) {
            if (sp) {
                var r = self.paraRange(sp[0], sp[1]);
                self.rerenderParas(r[0], r[1]);
            }
        });
    };

    /**
     * The inner HTML of one paragraph: the text split at every annotation boundary into segments;
     * each highlighted segment lists the annotations covering it, and every annotation keeps one
     * underline level through the paragraph so that nesting and overlap stay visible.
     */
    Editor.prototype.paraInner = function (i, list) {
        var p = this.paras[i];
        var text = this.text;
        var items = [];
        for (var k = 0; k < list.length; k++) {
            var a = list[k];
            var cs = Math.max(a.s16, p.s);
            var ce = Math.min(a.e16, p.e);
            if (ce > cs) {
                items.push({ a: a, s: cs, e: ce, level: 0 });
            }
        }
        var lines = Math.max(1, Math.ceil((p.e - p.s) / 85));
        if (!items.length) {
            return { html: '<span data-s="' + p.s + '">' + escText(text.slice(p.s, p.e)) + '</span>', cls: '', height: (lines * 1.75 + 0.9).toFixed(1) };
        }
        // levels: greedy interval colouring, longer spans first at equal start
        items.sort(function (x, y) { return x.s - y.s || y.e - x.e; });
        var levelEnds = [];
        for (k = 0; k < items.length; k++) {
            var it = items[k];
            var L = 0;
            while (L < levelEnds.length && levelEnds[L] > it.s) {
                L++;
            }
            levelEnds[L] = it.e;
            it.level = Math.min(L, MAX_LEVELS - 1);
        }
        var depth = Math.min(levelEnds.length, MAX_LEVELS);
        // boundaries
        var pts = [p.s, p.e];
        for (k = 0; k < items.length; k++) {
            pts.push(items[k].s, items[k].e);
        }
        pts.sort(function (x, y) { return x - y; });
        var uniq = [pts[0]];
        for (k = 1; k < pts.length; k++) {
            if (pts[k] !== uniq[uniq.length - 1]) {
                uniq.push(pts[k]);
            }
        }
        var html = '';
        var active = [];
        var next = 0;
        var sel = this.selectedId;
        for (var b = 0; b < uniq.length - 1; b++) {
            var x = uniq[b];
            var y = uniq[b + 1];
            // update the active set at x
            var kept = [];
            for (var m = 0; m < active.length; m++) {
                if (active[m].e > x) {
                    kept.push(active[m]);
                }
            }
            active = kept;
            while (next < items.length && items[next].s <= x) {
                if (items[next].e > x) {
                    active.push(items[next]);
                }
                next++;
            }
            var seg = escText(text.slice(x, y));
            if (!active.length) {
                html += '<span data-s="' + x + '">' + seg + '</span>';
                continue;
            }
            var ids = '';
            var isSel = false;
            var key = depth + '|';
            var byLevel = active.slice().sort(function (u, v) { return u.level - v.level; });
            for (m = 0; m < byLevel.length; m++) {
                var an = byLevel[m].a;
                ids += (m ? ' ' : '') + an.id;
                if (an.id === sel) {
                    isSel = true;
                }
                key += (m ? ',' : '') + this.catIdx(an.category) + '@' + byLevel[m].level;
            }
            html += '<span class="cs-hl ' + this.styleClass(key, byLevel, depth) + (isSel ? ' cs-sel' : '')
                + '" data-s="' + x + '" data-ids="' + ids + '">' + seg + '</span>';
        }
        return { html: html, cls: depth > 1 ? ' cs-d' + depth : '', height: (lines * (1.75 + depth * 0.2) + 0.9).toFixed(1) };
    };

    Editor.prototype.styleClass = function (key, byLevel, depth) {
        var name = this.styleKeys.get(key);
        if (name) {
            return name;
        }
        name = 'cs-v' + this.styleKeys.size;
        this.styleKeys.set(key, name);
        var bands = [];
        var tints = [];
        var seen = {};
        for (var m = 0; m < byLevel.length; m++) {
            var colour = this.catColour(byLevel[m].a.category);
            var L = byLevel[m].level;
            if (!seen[L]) {
                seen[L] = true;
                bands.push('linear-gradient(' + colour + ',' + colour + ') 0 calc(100% - ' + ((depth - 1 - L) * BAND) + 'px)/100% 2px no-repeat');
            }
            tints.push('linear-gradient(' + tint(colour, 0.15) + ',' + tint(colour, 0.15) + ')');
        }
        this.styleRules.push('.cs-text .' + name + '{padding-bottom:' + (depth * BAND) + 'px;background:' + bands.concat(tints).join(',') + '}');
        return name;
    };

    Editor.prototype.flushStyles = function () {
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

    Editor.prototype.segmentsOf = function (id) {
        return this.textEl.querySelectorAll('.cs-hl[data-ids~="' + (window.CSS && CSS.escape ? CSS.escape(id) : id) + '"]');
    };

    Editor.prototype.updateSelectedColour = function () {
        var a = this.selectedId && this.anns.get(this.selectedId);
        this.textEl.style.setProperty('--cs-sel-colour', a ? this.catColour(a.category) : '#1d4ed8');
    };

    // ---- header, toolbar -------------------------------------------------------------------------

    Editor.prototype.renderHeader = function () {
        var doc = this.doc;
        var md = doc.metadata || {};
        this.root.querySelector('#cs-title').textContent = doc.title || '(untitled document)';
        var meta = this.root.querySelector('#cs-meta');
        meta.innerHTML = '';
        var parts = [];
        if (md.author) {
            parts.push(el('span', { 'class': 'cs-author', text: md.author }));
        }
        if (md.siteName) {
            parts.push(el('span', { 'class': 'cs-site', text: md.siteName }));
        }
        if (md.publishedAt) {
            parts.push(el('time', { datetime: md.publishedAt, text: String(md.publishedAt).replace(/T.*$/, '') }));
        }
        if (md.language) {
            parts.push(el('span', { title: 'Language', text: md.language }));
        }
        if (md.sourceUrl && /^https?:\/\//i.test(md.sourceUrl)) {
            parts.push(el('a', { href: md.sourceUrl, rel: 'noopener noreferrer', target: '_blank', text: 'source' }));
        }
        if (md.fileName) {
            parts.push(el('span', { 'class': 'cs-file', title: md.mediaType || null, text: md.fileName }));
        }
        parts.push(el('span', { 'class': 'cs-cp', text: this.index.cpLength.toLocaleString('en') + ' characters' }));
        parts.forEach(function (p, i) {
            if (i) {
                meta.appendChild(el('span', { 'class': 'cs-sep', 'aria-hidden': 'true', text: ' · ' }));
            }
            meta.appendChild(p);
        });
    };

    Editor.prototype.buildToolbar = function () {
        var self = this;
        var tb = this.toolbarEl;
        tb.innerHTML = '';
        if (!this.readOnly) {
            var group = el('div', { 'class': 'cs-cats', role: 'group', 'aria-label': 'New annotation from the selected text' });
            this.categories.forEach(function (c) {
                if (c.retired) {
                    return;
                }
                var label = [el('span', { 'class': 'cs-chip', 'aria-hidden': 'true', style: 'background:' + c.colour }), c.label];
                if (c.hotkey) {
                    label.push(el('kbd', { text: c.hotkey }));
                }
                var btn = el('button', {
                    type: 'button', 'class': 'cs-catbtn', 'data-category': c.key,
                    title: (c.description ? c.description + ' ' : '') + (c.hotkey ? '(key ' + c.hotkey + ')' : ''),
                    'aria-keyshortcuts': c.hotkey || null
                }, label);
                btn.style.setProperty('--cs-c', c.colour);
                // keep the text selection when the button is pressed
                btn.addEventListener('mousedown', function (e) { e.preventDefault(); });
                btn.addEventListener('click', function () { self.onCategoryCommand(c.key); });
                group.appendChild(btn);
            });
            tb.appendChild(group);
        }
        var right = el('div', { 'class': 'cs-tb-right' });
        if (this.readOnly) {
            right.appendChild(el('span', { 'class': 'cs-badge cs-badge-ro', id: 'cs-readonly', text: 'Read-only: annotations of ' + this.annotator }));
            this.stateEl = el('span', { id: 'cs-state', 'class': 'cs-badge' });
            right.appendChild(el('span', { 'class': 'cs-state-wrap' }, [el('span', { 'class': 'cs-visually-hidden', text: 'State: ' }), this.stateEl]));
        } else {
            this.stateEl = el('span', { id: 'cs-state', 'class': 'cs-badge' });
            this.finishBtn = el('button', { type: 'button', id: 'cs-finish', 'class': 'cs-btn' });
            this.finishBtn.addEventListener('click', function () { self.toggleFinished(); });
            right.appendChild(el('span', { 'class': 'cs-state-wrap' }, [el('span', { 'class': 'cs-visually-hidden', text: 'State: ' }), this.stateEl]));
            right.appendChild(this.finishBtn);
            // back to the annotator's list of documents, where "Next document" takes the next one
            var apiBase = this.root.getAttribute('data-api') || 'api/v1';
            right.appendChild(el('a', {
                id: 'cs-my-work', 'class': 'cs-btn',
                href: apiBase.replace(/\/api\/v1\/?$/, '') + '/my-work.xhtml?project=' + encodeURIComponent(this.doc.projectId),
                text: 'My work'
            }));
        }
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
        var keys = this.readOnly
            ? '<li>Click highlighted text to select an annotation; click again to cycle through overlapping ones.</li>'
                + '<li><kbd>]</kbd> / <kbd>[</kbd> next / previous annotation, <kbd>Esc</kbd> deselect.</li>'
            : '<li>Select text, then press a category key (' + Array.from(this.hotkeys.keys()).map(function (k) { return '<kbd>' + esc(k) + '</kbd>'; }).join(' ')
                + ') or a category button. With an annotation selected and no text selected, the key changes its category.</li>'
                + '<li>Click highlighted text to select an annotation; click again to cycle through overlapping ones.</li>'
                + '<li><kbd>]</kbd> / <kbd>[</kbd> next / previous annotation, <kbd>Delete</kbd> delete it, <kbd>Esc</kbd> deselect.</li>'
                + '<li>In the list, <kbd>↑</kbd> <kbd>↓</kbd> move and <kbd>Enter</kbd> opens an annotation.</li>'
                + '<li>Without a mouse: caret browsing (<kbd>F7</kbd> in Chrome and Firefox) lets you select text with <kbd>Shift</kbd>+arrows.</li>'
                + '<li>Changes save by themselves; text fields save after a pause in typing or when you leave them.</li>';
        tb.appendChild(el('div', { id: 'cs-help', 'class': 'cs-help', hidden: true, html: '<ul>' + keys + '</ul>' }));
        this.updateStateUi();
    };

    Editor.prototype.editable = function () {
        return !this.readOnly && this.state !== 'FINISHED';
    };

    Editor.prototype.updateStateUi = function () {
        if (!this.stateEl) {
            return;
        }
        this.stateEl.textContent = stateLabel(this.state);
        this.stateEl.className = 'cs-badge cs-state-' + String(this.state).toLowerCase();
        this.root.dataset.state = this.state;
        if (this.readOnly) {
            return;
        }
        this.finishBtn.textContent = this.state === 'FINISHED' ? 'Reopen' : 'Mark finished';
        this.finishBtn.title = this.state === 'FINISHED' ? 'Reopen this document to change its annotations'
            : 'Tell the project that you are done with this document';
    };

    Editor.prototype.applyEditable = function () {
        var on = this.editable();
        this.root.classList.toggle('cs-locked', !on);
        var btns = this.toolbarEl.querySelectorAll('button[data-category]');
        for (var i = 0; i < btns.length; i++) {
            btns[i].disabled = !on;
        }
        this.updateStateUi();
        this.renderPanel();
    };

    // ---- status and messages ---------------------------------------------------------------------

    Editor.prototype.setStatus = function (kind, text) {
        if (!this.statusEl) {
            return;
        }
        this.statusEl.className = 'cs-status cs-status-' + kind;
        this.statusEl.textContent = text;
        this.statusEl.dataset.state = kind;
    };

    Editor.prototype.refreshStatus = function () {
        var inflight = false;
        this.saves.forEach(function (s) { if (s.inflight || s.draft) { inflight = true; } });
        if (inflight || this.creating) {
            this.setStatus('saving', 'Saving…');
        } else if (this.failed.size) {
            this.setStatus('error', 'Not saved');
        } else if (this.dirtyTimer) {
            this.setStatus('dirty', 'Unsaved changes…');
        } else if (this.everSaved) {
            this.setStatus('saved', 'Saved');
        } else {
            this.setStatus('idle', '');
        }
    };

    Editor.prototype.clearMessage = function () {
        this.messageEl.innerHTML = '';
        this.messageEl.classList.remove('cs-shown');
    };

    /** Shows a message in the alert area; actions are [{label, run}]. */
    Editor.prototype.showError = function (text, actions, extra) {
        var self = this;
        var m = this.messageEl;
        m.innerHTML = '';
        m.appendChild(el('p', { 'class': 'cs-msg-text', text: text }));
        if (extra) {
            m.appendChild(extra);
        }
        var row = el('div', { 'class': 'cs-msg-actions' });
        (actions || []).forEach(function (a) {
            row.appendChild(el('button', { type: 'button', 'class': 'cs-btn', text: a.label, onclick: function () { self.clearMessage(); a.run(); } }));
        });
        row.appendChild(el('button', { type: 'button', 'class': 'cs-btn cs-btn-quiet', text: 'Dismiss', onclick: function () { self.clearMessage(); } }));
        m.appendChild(row);
        m.classList.add('cs-shown');
    };

    Editor.prototype.showInfo = function (text, action) {
        var self = this;
        var i = this.infoEl;
        i.innerHTML = '';
        if (!text) {
            i.classList.remove('cs-shown');
            return;
        }
        i.appendChild(el('span', { text: text }));
        if (action) {
            i.appendChild(el('button', { type: 'button', 'class': 'cs-btn', text: action.label, onclick: function () { self.showInfo(''); action.run(); } }));
        }
        i.classList.add('cs-shown');
    };

    // ---- list and counts -------------------------------------------------------------------------

    Editor.prototype.excerpt = function (a) {
        var q = a.quote != null ? a.quote : this.text.slice(a.s16, a.e16);
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
        var s = q.slice(0, cut).replace(/\s*\n\s*/g, ' ¶ ');
        return cut < q.length ? s + '…' : s;
    };

    Editor.prototype.listItemClass = function (a) {
        return 'cs-cat-' + this.catIdx(a.category) + (a.id === this.selectedId ? ' cs-current' : '');
    };

    Editor.prototype.listItemInner = function (a) {
        var speaker = a.attributes && a.attributes.speaker;
        return '<span class="cs-chip" aria-hidden="true" style="background:' + esc(this.catColour(a.category)) + '"></span>'
            + '<span class="cs-item-body"><span class="cs-item-q" dir="auto">' + esc(this.excerpt(a)) + '</span>'
            + '<span class="cs-item-meta"><span class="cs-item-cat">' + esc(this.catLabel(a.category)) + '</span>'
            + (speaker ? ' · <span class="cs-item-sp" dir="auto">' + esc(speaker) + '</span>' : '') + '</span></span>';
    };

    Editor.prototype.listItemHtml = function (a) {
        var cur = a.id === this.selectedId;
        return '<li data-id="' + esc(a.id) + '" class="' + this.listItemClass(a) + '">'
            + '<button type="button" class="cs-item" tabindex="-1"' + (cur ? ' aria-current="true"' : '') + '>'
            + this.listItemInner(a) + '</button></li>';
    };

    Editor.prototype.renderList = function () {
        var self = this;
        this.listEl.innerHTML = this.sorted.map(function (a) { return self.listItemHtml(a); }).join('');
        this.listItems = new Map();
        var lis = this.listEl.children;
        for (var i = 0; i < lis.length; i++) {
            this.listItems.set(lis[i].getAttribute('data-id'), lis[i]);
        }
        this.listHeadingEl.textContent = 'Annotations (' + this.sorted.length + ')';
        this.listTabStop = null;
        this.updateListTabStop();
    };

    /** The list is one stop for Tab: the current item (or the first); arrows move inside it. */
    Editor.prototype.updateListTabStop = function (li) {
        li = li || (this.selectedId && this.listItems.get(this.selectedId)) || this.listEl.firstElementChild;
        if (this.listTabStop && this.listTabStop !== li && this.listTabStop.firstChild) {
            this.listTabStop.firstChild.setAttribute('tabindex', '-1');
        }
        if (li && li.firstChild) {
            li.firstChild.setAttribute('tabindex', '0');
        }
        this.listTabStop = li || null;
    };

    Editor.prototype.onListKey = function (e) {
        var keys = ['ArrowDown', 'ArrowUp', 'Home', 'End', 'PageDown', 'PageUp'];
        if (keys.indexOf(e.key) < 0 || e.altKey || e.ctrlKey || e.metaKey) {
            return;
        }
        var cur = e.target.closest('li[data-id]');
        if (!cur) {
            return;
        }
        e.preventDefault();
        function visible(li) {
            return li && li.offsetParent !== null;
        }
        function walk(li, forward, n) {
            var last = li;
            var x = li;
            while (n > 0 && x) {
                x = forward ? x.nextElementSibling : x.previousElementSibling;
                if (visible(x)) {
                    last = x;
                    n--;
                }
            }
            return last;
        }
        var target = cur;
        if (e.key === 'ArrowDown') {
            target = walk(cur, true, 1);
        } else if (e.key === 'ArrowUp') {
            target = walk(cur, false, 1);
        } else if (e.key === 'PageDown') {
            target = walk(cur, true, 10);
        } else if (e.key === 'PageUp') {
            target = walk(cur, false, 10);
        } else if (e.key === 'Home') {
            target = walk(this.listEl.firstElementChild, true, 0);
            if (!visible(target)) {
                target = walk(target, true, 1);
            }
        } else if (e.key === 'End') {
            target = walk(this.listEl.lastElementChild, false, 0);
            if (!visible(target)) {
                target = walk(target, false, 1);
            }
        }
        if (target && target.firstChild) {
            this.updateListTabStop(target);
            target.firstChild.focus();
        }
    };

    /** Puts one annotation's list item in place (insert, update, move or remove). */
    Editor.prototype.updateListItem = function (id) {
        var old = this.listItems.get(id);
        var a = this.anns.get(id);
        var pos = a ? this.sorted.indexOf(a) : -1;
        var nextA = a ? this.sorted[pos + 1] : null;
        var before = nextA ? this.listItems.get(nextA.id) || null : null;
        if (old && a && old.nextElementSibling === before) {
            old.className = this.listItemClass(a); // in place: keeps focus on its button
            old.firstChild.innerHTML = this.listItemInner(a);
        } else {
            if (old) {
                old.remove();
                this.listItems.delete(id);
            }
            if (a) {
                var tpl = document.createElement('template');
                tpl.innerHTML = this.listItemHtml(a);
                var li = tpl.content.firstChild;
                this.listEl.insertBefore(li, before);
                this.listItems.set(id, li);
            }
        }
        this.listHeadingEl.textContent = 'Annotations (' + this.sorted.length + ')';
        if (!this.listTabStop || !this.listTabStop.isConnected || (old && this.listTabStop === old && !a)) {
            this.listTabStop = null;
        }
        this.updateListTabStop(this.listTabStop && this.listTabStop.isConnected ? this.listTabStop : null);
    };

    Editor.prototype.renderCounts = function () {
        var self = this;
        var counts = new Map();
        this.sorted.forEach(function (a) { counts.set(a.category, (counts.get(a.category) || 0) + 1); });
        var box = this.countsEl;
        box.innerHTML = '';
        var keys = [];
        this.categories.forEach(function (c) {
            if (!c.retired || counts.get(c.key)) {
                keys.push(c.key);
            }
        });
        counts.forEach(function (n, k) { if (keys.indexOf(k) < 0) { keys.push(k); } });
        var all = el('button', { type: 'button', 'class': 'cs-count', 'data-filter': '', 'aria-pressed': String(this.listFilter === '') }, [
            'All ', el('b', { text: String(this.sorted.length) })
        ]);
        box.appendChild(all);
        keys.forEach(function (k) {
            box.appendChild(el('button', {
                type: 'button', 'class': 'cs-count', 'data-filter': k, 'data-count': String(counts.get(k) || 0),
                'aria-pressed': String(self.listFilter === k), title: 'Show only ' + self.catLabel(k)
            }, [
                el('span', { 'class': 'cs-chip', 'aria-hidden': 'true', style: 'background:' + self.catColour(k) }),
                self.catLabel(k) + ' ', el('b', { text: String(counts.get(k) || 0) })
            ]));
        });
        var cats = this.toolbarEl.querySelectorAll('button[data-category]');
        for (var i = 0; i < cats.length; i++) {
            cats[i].dataset.count = String(counts.get(cats[i].getAttribute('data-category')) || 0);
        }
        this.applyListFilter();
    };

    Editor.prototype.applyListFilter = function () {
        var f = this.listFilter;
        var ci = f ? this.catIdx(f) : -1;
        this.listEl.setAttribute('data-filter', f ? String(ci) : '');
        var rule = f ? '#cs-list[data-filter="' + ci + '"] > li:not(.cs-cat-' + ci + '){display:none}' : '';
        if (!this.filterStyle) {
            this.filterStyle = el('style');
            this.root.appendChild(this.filterStyle);
        }
        this.filterStyle.textContent = rule;
    };

    /** Scrolls the list (only the list) so that the item is visible. */
    Editor.prototype.scrollListTo = function (li) {
        var box = this.listEl;
        if (!li || box.scrollHeight <= box.clientHeight) {
            return;
        }
        // items lay out lazily (content-visibility), so their offsets are estimates: let the
        // browser scroll the item into view, and keep the page itself where it was
        var x = window.scrollX;
        var y = window.scrollY;
        li.scrollIntoView({ block: 'nearest', inline: 'nearest' });
        if (window.scrollX !== x || window.scrollY !== y) {
            window.scrollTo(x, y);
        }
    };

    // ---- selection of annotations ----------------------------------------------------------------

    Editor.prototype.select = function (id, opts) {
        opts = opts || {};
        if (id && !this.anns.has(id)) {
            id = null;
        }
        if (id === this.selectedId && !opts.force) {
            if (id && opts.scroll) {
                this.scrollToAnnotation(id);
            }
            return;
        }
        if (!(opts.force && id === this.selectedId)) {
            this.flushPanel();
        } else {
            clearTimeout(this.dirtyTimer);
            this.dirtyTimer = null;
            this.panelId = null; // the panel is refilled from the server's version, not saved
        }
        var prev = this.selectedId;
        if (prev) {
            var olds = this.segmentsOf(prev);
            for (var i = 0; i < olds.length; i++) {
                olds[i].classList.remove('cs-sel', 'cs-sel-first', 'cs-sel-last');
            }
            var oli = this.listItems.get(prev);
            if (oli) {
                oli.classList.remove('cs-current');
                oli.firstChild.removeAttribute('aria-current');
            }
        }
        this.selectedId = id;
        this.root.dataset.selected = id || '';
        if (id) {
            var segs = this.segmentsOf(id);
            for (var j = 0; j < segs.length; j++) {
                segs[j].classList.add('cs-sel');
            }
            this.markSelectionEnds(segs);
            var li = this.listItems.get(id);
            if (li) {
                li.classList.add('cs-current');
                li.firstChild.setAttribute('aria-current', 'true');
                this.updateListTabStop(li);
                this.scrollListTo(li);
            }
            if (opts.scroll) {
                this.scrollToAnnotation(id);
            }
        }
        this.updateSelectedColour();
        this.renderPanel();
    };

    /** The first and last segment of the selected annotation close its frame. */
    Editor.prototype.markSelectionEnds = function (segs) {
        var old = this.textEl.querySelectorAll('.cs-sel-first, .cs-sel-last');
        for (var i = 0; i < old.length; i++) {
            old[i].classList.remove('cs-sel-first', 'cs-sel-last');
        }
        if (segs && segs.length) {
            segs[0].classList.add('cs-sel-first');
            segs[segs.length - 1].classList.add('cs-sel-last');
        }
    };

    Editor.prototype.scrollToAnnotation = function (id) {
        var seg = this.segmentsOf(id)[0];
        if (seg) {
            seg.scrollIntoView({ block: 'center', inline: 'nearest' });
        } else {
            var a = this.anns.get(id);
            var p = a && this.paraEls[this.paraOf(a.s16)];
            if (p) {
                p.scrollIntoView({ block: 'center' });
            }
        }
    };

    Editor.prototype.step = function (dir) {
        var list = this.sorted;
        if (!list.length) {
            return;
        }
        var cur = this.selectedId ? this.anns.get(this.selectedId) : null;
        var idx = cur ? list.indexOf(cur) : (dir > 0 ? -1 : list.length);
        var n = idx + dir;
        if (n < 0 || n >= list.length) {
            return;
        }
        this.select(list[n].id, { scroll: true });
    };

    /** A click on text: the innermost annotation covering the point, then the others in turn. */
    Editor.prototype.onTextClick = function (e) {
        var sel = window.getSelection();
        if (sel && !sel.isCollapsed && sel.rangeCount && this.textEl.contains(sel.anchorNode)) {
            return; // the end of a drag: a text selection, not a click
        }
        var seg = e.target && e.target.closest ? e.target.closest('.cs-hl') : null;
        if (!seg || !this.textEl.contains(seg)) {
            if (this.selectedId) {
                this.select(null);
            }
            return;
        }
        var self = this;
        var covering = seg.getAttribute('data-ids').split(' ').map(function (id) { return self.anns.get(id); })
            .filter(Boolean).sort(function (a, b) {
                return (a.e16 - a.s16) - (b.e16 - b.s16) || b.s16 - a.s16 || byTextOrder(a, b);
            });
        if (!covering.length) {
            return;
        }
        var at = -1;
        for (var i = 0; i < covering.length; i++) {
            if (covering[i].id === this.selectedId) {
                at = i;
            }
        }
        this.select(covering[(at + 1) % covering.length].id);
    };

    // ---- DOM selection <-> offsets ---------------------------------------------------------------

    /** Maps a DOM boundary point to a UTF-16 index into the text (clamped to the text). */
    Editor.prototype.domToU16 = function (node, offset) {
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
            return child ? this.startOfPara(child) : this.text.length;
        }
        if (elx.classList && elx.classList.contains('cs-p')) {
            var p = this.paras[+elx.getAttribute('data-i')];
            var ch = elx.childNodes[offset];
            return ch && ch.getAttribute ? +ch.getAttribute('data-s') : p.e;
        }
        if (elx.hasAttribute && elx.hasAttribute('data-s')) {
            return offset === 0 ? +elx.getAttribute('data-s') : +elx.getAttribute('data-s') + elx.textContent.length;
        }
        // anything else inside the text: its enclosing segment
        var segEl = elx.closest && elx.closest('[data-s]');
        return segEl ? +segEl.getAttribute('data-s') : 0;
    };

    Editor.prototype.startOfPara = function (child) {
        var i = child.getAttribute && child.getAttribute('data-i');
        return i === null || i === undefined ? 0 : this.paras[+i].s;
    };

    /** A DOM point for UTF-16 index u. */
    Editor.prototype.u16ToDom = function (u) {
        var i = this.paraOf(u);
        var p = this.paras[i];
        var pe = this.paraEls[i];
        if (!pe) {
            // an empty line: the start of the next rendered paragraph, or the end of the previous one
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

    /** Sets a real DOM selection for code-point offsets [startCp, endCp). */
    Editor.prototype.selectRange = function (startCp, endCp) {
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

    /** Moves a UTF-16 index out of a grapheme cluster: back for a start, forward for an end. */
    Editor.prototype.snapGrapheme = function (u, forward) {
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
            // a window around u that starts and ends at whitespace, or the paragraph
            var from = Math.max(p.s, u - 64);
            while (from > p.s && !isWs(text[from - 1])) {
                from--;
                if (u - from > 400) {
                    from = Math.max(p.s, u - 64);
                    break;
                }
            }
            var to = Math.min(p.e, u + 64);
            var piece = text.slice(from, to);
            var g = this.segmenter.segment(piece).containing(u - from);
            if (g && g.index + from !== u) {
                return forward ? from + g.index + g.segment.length : from + g.index;
            }
            return u;
        }
        // no Segmenter: at least keep surrogate pairs and combining marks together
        var c = text.charCodeAt(u);
        if (c >= 0xDC00 && c <= 0xDFFF) {
            return forward ? u + 1 : u - 1;
        }
        if (/[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]/.test(text[u])) {
            while (u > 0 && /[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]/.test(text[u])) {
                u += forward ? 1 : -1;
            }
        }
        return u;
    };

    /** The code-point span the current DOM selection would annotate: trimmed, whole characters. */
    Editor.prototype.selectionU16 = function () {
        var sel = window.getSelection();
        if (!sel || !sel.rangeCount || sel.isCollapsed) {
            return null;
        }
        var r = sel.getRangeAt(0);
        var whole = document.createRange();
        whole.selectNodeContents(this.textEl);
        try {
            if (whole.comparePoint(r.startContainer, r.startOffset) !== 0 && whole.comparePoint(r.endContainer, r.endOffset) !== 0) {
                return null; // neither end in the text (e.g. select all): not a span to annotate
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
        return e > s ? [s, e] : null;
    };

    Editor.prototype.offsetsOfSelection = function () {
        var r = this.selectionU16();
        if (!r) {
            return null;
        }
        return { start: this.index.toCp(r[0]), end: this.index.toCpEnd(r[1]), quote: this.text.slice(r[0], r[1]) };
    };

    // ---- creating, changing, deleting ------------------------------------------------------------

    Editor.prototype.onCategoryCommand = function (key) {
        if (!this.editable()) {
            this.explainLocked();
            return;
        }
        var off = this.offsetsOfSelection();
        if (off) {
            this.createFromSelection(key, off);
        } else if (this.selectedId) {
            this.changeCategory(this.selectedId, key);
        } else {
            this.showInfo('Select some text in the document first, then choose a category.');
        }
    };

    Editor.prototype.explainLocked = function () {
        if (this.readOnly) {
            this.showInfo('This is a read-only view of ' + this.annotator + '’s annotations.');
        } else {
            this.showInfo('You marked this document finished. Reopen it to change its annotations.', {
                label: 'Reopen', run: this.toggleFinished.bind(this)
            });
        }
    };

    Editor.prototype.createFromSelection = function (category, off) {
        var self = this;
        off = off || this.offsetsOfSelection();
        if (!off) {
            this.showInfo('Select some text in the document first, then choose a category.');
            return Promise.resolve(null);
        }
        if (!this.editable()) {
            this.explainLocked();
            return Promise.resolve(null);
        }
        var body = { start: off.start, end: off.end, category: category, subtypes: [], attributes: {} };
        var sel = window.getSelection();
        if (sel) {
            sel.removeAllRanges(); // a second key press must not create the same annotation twice
        }
        this.creating = (this.creating || 0) + 1;
        this.showInfo('');
        this.refreshStatus();
        return this.api.request('POST', '/documents/' + encodeURIComponent(this.documentId) + '/annotations', body)
            .then(function (created) {
                self.creating--;
                self.everSaved = true;
                var a = self.withOffsets(created);
                self.anns.set(a.id, a);
                self.resort();
                if (self.state === 'NEW') {
                    self.state = 'IN_PROGRESS';
                    self.updateStateUi();
                }
                self.rerenderSpans([[a.s16, a.e16]]);
                self.updateListItem(a.id);
                self.renderCounts();
                self.select(a.id);
                self.refreshStatus();
                return self.publicCopy(a);
            }, function (err) {
                self.creating--;
                self.refreshStatus();
                self.reportError(err, 'The annotation was not created');
                if (err.status === 409) {
                    self.refreshDocState();
                }
                return null;
            });
    };

    Editor.prototype.changeCategory = function (id, key) {
        var a = this.anns.get(id);
        if (!a || a.category === key) {
            return;
        }
        if (this.panelId === id && this.formEl) {
            this.formEl.elements.category.value = key;
            this.onFieldChange(true);
        } else {
            var d = this.contentOf(a);
            d.category = key;
            this.requestSave(id, d);
        }
    };

    Editor.prototype.deleteSelected = function () {
        var id = this.selectedId;
        if (!id || !this.editable()) {
            if (id) {
                this.explainLocked();
            }
            return Promise.resolve();
        }
        var self = this;
        var a = this.anns.get(id);
        clearTimeout(this.dirtyTimer);
        this.dirtyTimer = null;
        var keep = this.panelId === id ? this.collectDraft() : this.contentOf(a);
        this.panelId = null; // nothing in the panel is to be saved any more
        var focusWasInside = this.root.contains(document.activeElement) && document.activeElement !== this.textEl
            && !this.textEl.contains(document.activeElement);
        return this.idle(id).then(function () {
            self.failed.delete(id);
            return self.api.request('DELETE', '/annotations/' + encodeURIComponent(id));
        }).then(function () {
            self.removeLocal(id);
            self.everSaved = true;
            self.refreshStatus();
            self.showInfo('Annotation deleted.', {
                label: 'Undo', run: function () {
                    self.createFromBody({ start: keep.start, end: keep.end, category: keep.category, subtypes: keep.subtypes, attributes: keep.attributes });
                }
            });
            if (focusWasInside && !self.root.contains(document.activeElement)) {
                self.textEl.focus({ preventScroll: true });
            }
        }, function (err) {
            if (err.status === 404) {
                self.removeLocal(id);
                self.showError('This annotation had already been deleted elsewhere (another tab or device).');
            } else {
                self.reportError(err, 'The annotation was not deleted');
                if (self.anns.has(id) && self.selectedId === id) {
                    self.select(id, { force: true });
                }
            }
            self.refreshStatus();
        });
    };

    Editor.prototype.createFromBody = function (body) {
        var self = this;
        this.creating = (this.creating || 0) + 1;
        this.refreshStatus();
        return this.api.request('POST', '/documents/' + encodeURIComponent(this.documentId) + '/annotations', body)
            .then(function (created) {
                self.creating--;
                var a = self.withOffsets(created);
                self.anns.set(a.id, a);
                self.resort();
                self.rerenderSpans([[a.s16, a.e16]]);
                self.updateListItem(a.id);
                self.renderCounts();
                self.select(a.id, { scroll: true });
                self.refreshStatus();
            }, function (err) {
                self.creating--;
                self.refreshStatus();
                self.reportError(err, 'The annotation was not restored');
            });
    };

    Editor.prototype.removeLocal = function (id) {
        var a = this.anns.get(id);
        if (!a) {
            return;
        }
        if (this.selectedId === id) {
            this.selectedId = null;
            this.root.dataset.selected = '';
        }
        this.anns.delete(id);
        this.saves.delete(id);
        this.failed.delete(id);
        this.resort();
        this.rerenderSpans([[a.s16, a.e16]]);
        this.updateListItem(id);
        this.renderCounts();
        this.renderPanel();
    };

    /** Puts a server answer for one annotation in place and re-renders only what it touches. */
    Editor.prototype.applyServerAnnotation = function (fresh) {
        var id = String(fresh.id);
        var old = this.anns.get(id);
        var a = this.withOffsets(fresh);
        this.anns.set(id, a);
        var moved = !old || old.s16 !== a.s16 || old.e16 !== a.e16;
        var recoloured = !old || old.category !== a.category;
        if (moved) {
            this.resort();
        } else {
            var k = this.sorted.indexOf(old);
            if (k >= 0) {
                this.sorted[k] = a;
            } else {
                this.resort();
            }
        }
        if (moved || recoloured) {
            this.rerenderSpans([old ? [old.s16, old.e16] : null, [a.s16, a.e16]]);
        }
        this.updateListItem(id);
        if (recoloured) {
            this.renderCounts();
        }
        var sp = a.attributes && a.attributes.speaker;
        if (sp) {
            this.addSpeaker(sp);
        }
    };

    // ---- saving ----------------------------------------------------------------------------------

    Editor.prototype.contentOf = function (a) {
        return {
            start: a.start, end: a.end, category: a.category,
            subtypes: (a.subtypes || []).slice(), attributes: Object.assign({}, a.attributes || {})
        };
    };

    function norm(d) {
        var attrs = {};
        Object.keys(d.attributes || {}).sort().forEach(function (k) {
            var v = d.attributes[k];
            if (v !== null && v !== undefined && String(v).trim() !== '') {
                attrs[k] = String(v);
            }
        });
        return JSON.stringify([d.start, d.end, d.category, (d.subtypes || []).slice().sort(), attrs]);
    }

    Editor.prototype.requestSave = function (id, draft) {
        var st = this.saves.get(id);
        if (!st) {
            st = { draft: null, inflight: false, waiters: [] };
            this.saves.set(id, st);
        }
        st.draft = draft;
        this.failed.delete(id);
        if (!st.inflight) {
            this.runSaves(id, st);
        }
        this.refreshStatus();
    };

    Editor.prototype.runSaves = function (id, st) {
        var self = this;
        var draft = st.draft;
        st.draft = null;
        var a = this.anns.get(id);
        if (!draft || !a) {
            st.inflight = false;
            st.waiters.splice(0).forEach(function (w) { w(); });
            this.refreshStatus();
            return;
        }
        if (norm(draft) === norm(this.contentOf(a))) {
            this.runSaves(id, st);
            return;
        }
        st.inflight = true;
        var base = a.version;
        var baseContent = this.contentOf(a);
        var body = {
            version: base, start: draft.start, end: draft.end, category: draft.category,
            subtypes: draft.subtypes, attributes: cleanAttrs(draft.attributes)
        };
        this.api.request('PUT', '/annotations/' + encodeURIComponent(id), body, { keepalive: true }).then(function (fresh) {
            self.everSaved = true;
            if (self.anns.has(id)) {
                var untouched = self.panelId === id && self.formEl && norm(self.collectDraft()) === norm(draft);
                self.applyServerAnnotation(fresh);
                if (self.panelId === id) {
                    self.updatePanelFacts();
                    if (untouched && norm(self.contentOf(self.anns.get(id))) !== norm(draft)) {
                        self.fillForm(self.anns.get(id)); // nothing typed since: show what the server kept
                        self.panelSpan = { start: fresh.start, end: fresh.end };
                    }
                }
            }
            self.runSaves(id, st);
        }, function (err) {
            st.inflight = false;
            var pending = st.draft || draft;
            st.draft = null;
            st.waiters.splice(0).forEach(function (w) { w(); });
            if (err.status === 409) {
                self.onConflict(id, pending, base, baseContent, err);
            } else if (err.status === 404) {
                self.removeLocal(id);
                self.showError('This annotation was deleted elsewhere (another tab or device); your change to it could not be saved.'
                    + describeChanges(self, changesOf(pending, baseContent)));
            } else {
                self.failed.set(id, pending);
                self.reportError(err, 'Your change was not saved', [{
                    label: 'Try again', run: function () { self.retryFailed(); }
                }]);
            }
            self.refreshStatus();
        });
    };

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

    /** What a draft changes compared with the content it was made from: {field: value}. */
    function changesOf(draft, base) {
        var out = {};
        if (!base) {
            return { category: draft.category, subtypes: draft.subtypes, attributes: cleanAttrs(draft.attributes), start: draft.start, end: draft.end };
        }
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

    /** The server's current content with one person's changes applied on top. */
    function mergeChanges(current, ch) {
        var m = {
            start: current.start, end: current.end, category: current.category,
            subtypes: (current.subtypes || []).slice(), attributes: Object.assign({}, current.attributes || {})
        };
        if (ch.start !== undefined) {
            m.start = ch.start;
            m.end = ch.end;
        }
        if (ch.category !== undefined) {
            m.category = ch.category;
        }
        if (ch.subtypes) {
            m.subtypes = ch.subtypes.slice();
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

    function describeChanges(self, ch) {
        var parts = [];
        if (ch.start !== undefined) {
            parts.push('span ' + ch.start + '–' + ch.end);
        }
        if (ch.category !== undefined) {
            parts.push('category ' + self.catLabel(ch.category));
        }
        if (ch.subtypes && ch.subtypes.length) {
            parts.push('subtypes ' + ch.subtypes.join(', '));
        }
        if (ch.added && ch.added.length) {
            parts.push('added subtypes ' + ch.added.join(', '));
        }
        if (ch.removed && ch.removed.length) {
            parts.push('removed subtypes ' + ch.removed.join(', '));
        }
        Object.keys(ch.attributes || {}).forEach(function (k) {
            var def = self.attrByKey.get(k);
            var label = def ? def.label || k : k;
            parts.push(ch.attributes[k] === '' ? label + ' cleared' : label + ' “' + ch.attributes[k] + '”');
        });
        return parts.length ? ' Your change was: ' + parts.join('; ') + '.' : '';
    }

    Editor.prototype.retryFailed = function () {
        var self = this;
        var items = Array.from(this.failed.entries());
        this.failed.clear();
        items.forEach(function (e) { self.requestSave(e[0], e[1]); });
        this.refreshStatus();
    };

    /** Resolves when no save for the annotation is queued or running. */
    Editor.prototype.idle = function (id) {
        var st = this.saves.get(id);
        if (!st || (!st.inflight && !st.draft)) {
            return Promise.resolve();
        }
        return new Promise(function (resolve) { st.waiters.push(resolve); });
    };

    Editor.prototype.flushAll = function () {
        var self = this;
        this.flushPanel();
        var ids = Array.from(this.saves.keys());
        return Promise.all(ids.map(function (id) { return self.idle(id); })).then(function () {
            return self.failed.size === 0;
        });
    };

    Editor.prototype.onConflict = function (id, draft, baseVersion, baseContent, err) {
        var self = this;
        var changes = changesOf(draft, baseContent);
        return this.api.request('GET', '/documents/' + encodeURIComponent(this.documentId) + '/annotations').then(function (list) {
            var fresh = null;
            (list || []).forEach(function (x) { if (String(x.id) === id) { fresh = x; } });
            self.applyServerList(list || []);
            if (!fresh) {
                self.showError('This annotation was deleted elsewhere (another tab or device); your change to it could not be saved.'
                    + describeChanges(self, changes));
                return;
            }
            if (String(fresh.version) !== String(baseVersion)) {
                if (self.selectedId === id) {
                    self.select(id, { force: true }); // the panel now shows the server's version
                }
                self.showError('This annotation was changed elsewhere (in another tab or on another device) since you opened it. '
                    + 'The editor now shows the version saved on the server; your change was NOT saved.' + describeChanges(self, changes), [{
                    label: 'Apply my change again', run: function () {
                        var cur = self.anns.get(id);
                        if (!cur) {
                            return;
                        }
                        var merged = mergeChanges(self.contentOf(cur), changes);
                        self.requestSave(id, merged);
                        if (self.panelId === id && self.formEl) {
                            self.fillForm(merged); // the panel shows what is being saved
                            self.panelSpan = { start: merged.start, end: merged.end };
                        }
                    }
                }]);
            } else {
                // not a stale version: e.g. the document was marked finished in another tab
                self.failed.set(id, draft);
                self.refreshDocState();
                self.showError((err.problem && err.problem.detail) || 'The server refused the change (conflict).', [{
                    label: 'Try again', run: function () { self.retryFailed(); }
                }]);
            }
            self.refreshStatus();
        }, function () {
            self.failed.set(id, draft);
            self.reportError(err, 'Your change was not saved');
            self.refreshStatus();
        });
    };

    /** Brings the local model in line with a fresh list from the server, touching only what changed. */
    Editor.prototype.applyServerList = function (list) {
        var self = this;
        var seen = new Set();
        var spans = [];
        list.forEach(function (x) {
            var id = String(x.id);
            seen.add(id);
            var old = self.anns.get(id);
            if (!old || String(old.version) !== String(x.version)) {
                if (old) {
                    spans.push([old.s16, old.e16]);
                }
                var a = self.withOffsets(x);
                self.anns.set(id, a);
                spans.push([a.s16, a.e16]);
            }
        });
        Array.from(this.anns.keys()).forEach(function (id) {
            if (!seen.has(id)) {
                var a = self.anns.get(id);
                spans.push([a.s16, a.e16]);
                self.anns.delete(id);
                if (self.selectedId === id) {
                    self.selectedId = null;
                }
            }
        });
        if (!spans.length) {
            return;
        }
        this.resort();
        this.rerenderSpans(spans);
        this.renderList();
        this.renderCounts();
        this.renderPanel();
    };

    Editor.prototype.refreshDocState = function () {
        var self = this;
        return this.api.request('GET', '/documents/' + encodeURIComponent(this.documentId)).then(function (doc) {
            if (doc && doc.state && doc.state !== self.state) {
                self.state = doc.state;
                self.applyEditable();
            }
        }, function () { /* keep what we have */ });
    };

    Editor.prototype.reportError = function (err, what, actions) {
        var detail = err && err.problem && err.problem.detail ? err.problem.detail : (err && err.message) || String(err);
        this.showError(what + ': ' + detail, actions);
        if (window.console && err && !(err instanceof ApiError)) {
            console.error(err);
        }
    };

    Editor.prototype.toggleFinished = function () {
        var self = this;
        var target = this.state === 'FINISHED' ? 'IN_PROGRESS' : 'FINISHED';
        this.finishBtn.disabled = true;
        return this.flushAll().then(function (ok) {
            if (!ok && target === 'FINISHED') {
                self.showError('Some changes are not saved yet; save them before marking the document finished.', [{
                    label: 'Try again', run: function () { self.retryFailed(); }
                }]);
                return null;
            }
            return self.api.request('PUT', '/documents/' + encodeURIComponent(self.documentId) + '/state', { state: target })
                .then(function (res) {
                    self.state = (res && res.state) || target;
                    self.applyEditable();
                    if (self.state !== 'FINISHED' && self.failed.size) {
                        self.clearMessage();
                        self.retryFailed(); // changes refused because the document was finished
                    }
                    self.showInfo(self.state === 'FINISHED' ? 'Marked finished. Reopen the document to change it.' : 'Reopened: you can change the annotations again.');
                }, function (err) {
                    self.reportError(err, target === 'FINISHED' ? 'The document was not marked finished' : 'The document was not reopened');
                });
        }).then(function () {
            self.finishBtn.disabled = false;
        });
    };

    // ---- the panel ---------------------------------------------------------------------------------

    Editor.prototype.buildPanel = function () {
        var self = this;
        var panel = this.panelEl;
        panel.innerHTML = '';
        panel.appendChild(el('h2', { 'class': 'cs-h', id: 'cs-panel-h', text: 'Selected annotation' }));
        this.panelEmpty = el('div', { 'class': 'cs-panel-empty' }, [
            el('p', { text: this.readOnly ? 'Click a highlight or an entry in the list to see an annotation.'
                : 'Nothing selected. Select text in the document, then press a category key or button to annotate it; click a highlight to open an annotation.' })
        ]);
        panel.appendChild(this.panelEmpty);
        this.panelBody = el('div', { 'class': 'cs-panel-body', hidden: true });
        panel.appendChild(this.panelBody);
        this.quoteEl = el('blockquote', { 'class': 'cs-quote', id: 'cs-quote', dir: 'auto' });
        this.factsEl = el('p', { 'class': 'cs-facts' });
        this.panelBody.appendChild(this.quoteEl);
        this.panelBody.appendChild(this.factsEl);
        if (this.readOnly) {
            this.roEl = el('dl', { 'class': 'cs-ro' });
            this.panelBody.appendChild(this.roEl);
            return;
        }
        // span adjustment
        var adj = el('div', { 'class': 'cs-adjust', role: 'group', 'aria-label': 'Adjust the span (one word; with Shift one character)' }, [
            el('span', { 'class': 'cs-adjust-l', text: 'Start' }),
            el('button', { type: 'button', 'class': 'cs-btn cs-mini', 'data-adjust': 'start-left', 'aria-label': 'Move the start one word left', text: '◀' }),
            el('button', { type: 'button', 'class': 'cs-btn cs-mini', 'data-adjust': 'start-right', 'aria-label': 'Move the start one word right', text: '▶' }),
            el('span', { 'class': 'cs-adjust-l', text: 'End' }),
            el('button', { type: 'button', 'class': 'cs-btn cs-mini', 'data-adjust': 'end-left', 'aria-label': 'Move the end one word left', text: '◀' }),
            el('button', { type: 'button', 'class': 'cs-btn cs-mini', 'data-adjust': 'end-right', 'aria-label': 'Move the end one word right', text: '▶' })
        ]);
        adj.addEventListener('click', function (e) {
            var b = e.target.closest('[data-adjust]');
            if (b) {
                self.adjustSpan(b.getAttribute('data-adjust'), e.shiftKey);
            }
        });
        this.panelBody.appendChild(adj);

        var form = el('form', { id: 'cs-form', 'class': 'cs-form', novalidate: true, 'aria-label': 'Annotation properties' });
        this.formEl = form;
        var catSel = el('select', { id: 'cs-f-category', name: 'category' });
        form.appendChild(el('div', { 'class': 'cs-field' }, [el('label', { 'for': 'cs-f-category', text: 'Category' }), catSel]));
        this.subtypeBox = el('div', { 'class': 'cs-checks' });
        form.appendChild(el('fieldset', { 'class': 'cs-field cs-subtypes' }, [el('legend', { text: 'Subtypes (legal issue)' }), this.subtypeBox]));
        var datalist = el('datalist', { id: 'cs-speakers' });
        this.datalistEl = datalist;
        form.appendChild(datalist);
        this.attributes.forEach(function (def) {
            var id = 'cs-f-' + def.key;
            var name = 'attr-' + def.key;
            var control;
            if (def.type === 'ONE_OF' || def.type === 'BOOLEAN') {
                control = el('select', { id: id, name: name });
            } else if (def.key === 'note') {
                control = el('textarea', { id: id, name: name, rows: '3', maxlength: '10000' });
            } else {
                control = el('input', {
                    id: id, name: name, type: 'text', autocomplete: 'off', spellcheck: 'false',
                    list: def.key === 'speaker' ? 'cs-speakers' : null, maxlength: def.key === 'speaker' ? '500' : '10000'
                });
            }
            var label = el('label', { 'for': id, text: def.label || def.key });
            var field = el('div', { 'class': 'cs-field cs-field-' + def.key }, [label, control]);
            if (def.description) {
                control.setAttribute('aria-describedby', id + '-d');
                field.appendChild(el('small', { id: id + '-d', 'class': 'cs-hint', text: def.description }));
            }
            form.appendChild(field);
        });
        var actions = el('div', { 'class': 'cs-panel-actions' }, [
            el('button', { type: 'submit', id: 'cs-save', 'class': 'cs-btn cs-primary', text: 'Save' }),
            el('button', { type: 'button', id: 'cs-delete', 'class': 'cs-btn cs-danger', text: 'Delete', 'aria-keyshortcuts': 'Delete' })
        ]);
        form.appendChild(actions);
        this.panelBody.appendChild(form);

        form.addEventListener('submit', function (e) {
            e.preventDefault();
            self.flushPanel(true);
        });
        form.addEventListener('change', function (e) {
            var t = e.target;
            var isText = t.tagName === 'TEXTAREA' || (t.tagName === 'INPUT' && t.type === 'text');
            self.onFieldChange(true, isText);
        });
        form.addEventListener('input', function (e) {
            var t = e.target;
            if (t.tagName === 'TEXTAREA' || (t.tagName === 'INPUT' && t.type === 'text')) {
                self.onFieldChange(false);
            }
        });
        form.querySelector('#cs-delete').addEventListener('click', function () { self.deleteSelected(); });
    };

    Editor.prototype.setSpeakers = function (list) {
        this.speakers = new Set(list.filter(function (s) { return typeof s === 'string' && s; }));
        this.renderSpeakers();
    };

    Editor.prototype.addSpeaker = function (s) {
        if (!this.speakers) {
            this.speakers = new Set();
        }
        if (!this.speakers.has(s)) {
            this.speakers.add(s);
            this.renderSpeakers();
        }
    };

    Editor.prototype.renderSpeakers = function () {
        if (!this.datalistEl || !this.speakers) {
            return;
        }
        var frag = document.createDocumentFragment();
        Array.from(this.speakers).sort(function (a, b) { return a.localeCompare(b); }).forEach(function (s) {
            frag.appendChild(el('option', { value: s }));
        });
        this.datalistEl.innerHTML = '';
        this.datalistEl.appendChild(frag);
    };

    Editor.prototype.renderPanel = function () {
        var a = this.selectedId ? this.anns.get(this.selectedId) : null;
        this.panelEl.classList.toggle('cs-has-selection', !!a);
        if (!this.panelBody) {
            return;
        }
        if (!a) {
            this.panelId = null;
            this.panelBody.hidden = true;
            this.panelEmpty.hidden = false;
            return;
        }
        this.panelEmpty.hidden = true;
        this.panelBody.hidden = false;
        this.panelEl.style.setProperty('--cs-c', this.catColour(a.category));
        this.panelId = a.id;
        this.updatePanelFacts();
        if (this.readOnly) {
            this.panelSpan = { start: a.start, end: a.end };
            this.fillReadOnly(a);
            return;
        }
        // a change that is queued or was refused stays in view, so a later edit cannot undo it
        var st = this.saves.get(a.id);
        var shown = this.failed.get(a.id) || (st && st.draft) || a;
        this.panelSpan = { start: shown.start, end: shown.end };
        this.fillForm(shown);
        var disabled = !this.editable();
        var controls = this.panelBody.querySelectorAll('input, select, textarea, button');
        for (var i = 0; i < controls.length; i++) {
            controls[i].disabled = disabled;
        }
    };

    Editor.prototype.updatePanelFacts = function () {
        var a = this.anns.get(this.panelId || this.selectedId);
        if (!a) {
            return;
        }
        var q = a.quote != null ? a.quote : this.text.slice(a.s16, a.e16);
        this.quoteEl.textContent = q;
        var n = a.end - a.start;
        var facts = 'Characters ' + a.start + '–' + a.end + ' (' + n + ')';
        if (a.annotator) {
            facts += ' · by ' + a.annotator;
        }
        if (a.updatedAt) {
            facts += ' · saved ' + String(a.updatedAt).replace('T', ' ').replace(/\.\d+Z?$|Z$/, '');
        }
        this.factsEl.textContent = facts;
        this.factsEl.title = 'id ' + a.id + ', version ' + a.version;
        this.panelEl.style.setProperty('--cs-c', this.catColour(a.category));
    };

    Editor.prototype.fillReadOnly = function (a) {
        var self = this;
        var dl = this.roEl;
        dl.innerHTML = '';
        function row(label, value, cls) {
            dl.appendChild(el('dt', { text: label }));
            dl.appendChild(el('dd', { 'class': cls || null, dir: 'auto', text: value || '—' }));
        }
        row('Category', this.catLabel(a.category));
        row('Subtypes', (a.subtypes || []).map(function (k) {
            var s = self.subtypeByKey.get(k);
            return s ? s.label + (s.retired ? ' (retired)' : '') : k;
        }).join(', '));
        var shown = {};
        this.attributes.forEach(function (def) {
            shown[def.key] = true;
            var v = a.attributes[def.key];
            row(def.label || def.key, v ? self.valueLabel(def.key, v) : '', 'cs-ro-' + def.key);
        });
        Object.keys(a.attributes || {}).forEach(function (k) {
            if (!shown[k]) {
                row(k, a.attributes[k]);
            }
        });
    };

    Editor.prototype.fillForm = function (a) {
        var self = this;
        var form = this.formEl;
        // category
        var catSel = form.elements.category;
        catSel.innerHTML = '';
        this.categories.forEach(function (c) {
            if (!c.retired || c.key === a.category) {
                catSel.appendChild(el('option', { value: c.key, text: c.label + (c.retired ? (c.unknown ? ' (unknown)' : ' (retired)') : '') + (c.hotkey && !c.retired ? '  [' + c.hotkey + ']' : '') }));
            }
        });
        if (!this.category(a.category)) {
            catSel.appendChild(el('option', { value: a.category, text: a.category + ' (unknown)' }));
        }
        catSel.value = a.category;
        // subtypes
        var box = this.subtypeBox;
        box.innerHTML = '';
        var has = new Set(a.subtypes || []);
        var offered = new Set();
        this.subtypes.forEach(function (s) {
            if (!s.retired || has.has(s.key)) {
                offered.add(s.key);
                box.appendChild(self.subtypeCheckbox(s.key, s.label + (s.retired ? ' (retired)' : ''), has.has(s.key), s.description));
            }
        });
        has.forEach(function (k) {
            if (!offered.has(k)) {
                box.appendChild(self.subtypeCheckbox(k, k + ' (unknown)', true));
            }
        });
        // attributes
        this.attributes.forEach(function (def) {
            var c = form.elements['attr-' + def.key];
            if (!c) {
                return;
            }
            var v = a.attributes[def.key];
            v = v === undefined || v === null ? '' : String(v);
            if (c.tagName === 'SELECT') {
                c.innerHTML = '';
                c.appendChild(el('option', { value: '', text: '—' }));
                if (def.type === 'BOOLEAN') {
                    c.appendChild(el('option', { value: 'true', text: 'Yes' }));
                    c.appendChild(el('option', { value: 'false', text: 'No' }));
                }
                var found = v === '' || def.type === 'BOOLEAN' && (v === 'true' || v === 'false');
                (def.values || []).forEach(function (val) {
                    if (!val.retired || val.key === v) {
                        c.appendChild(el('option', { value: val.key, text: val.label + (val.retired ? ' (retired)' : '') }));
                    }
                    if (val.key === v) {
                        found = true;
                    }
                });
                if (!found) {
                    c.appendChild(el('option', { value: v, text: v + ' (unknown)' }));
                }
                c.value = v;
            } else {
                c.value = v;
            }
        });
    };

    Editor.prototype.subtypeCheckbox = function (key, label, checked, description) {
        var id = 'cs-st-' + key;
        var input = el('input', { type: 'checkbox', name: 'subtype', value: key, id: id });
        input.checked = checked;
        return el('div', { 'class': 'cs-check', title: description || null }, [input, el('label', { 'for': id, text: label })]);
    };

    Editor.prototype.collectDraft = function () {
        var a = this.anns.get(this.panelId);
        var form = this.formEl;
        var d = {
            start: this.panelSpan ? this.panelSpan.start : a.start,
            end: this.panelSpan ? this.panelSpan.end : a.end,
            category: form.elements.category.value || a.category,
            subtypes: [],
            attributes: {}
        };
        var boxes = this.subtypeBox.querySelectorAll('input[name=subtype]');
        for (var i = 0; i < boxes.length; i++) {
            if (boxes[i].checked) {
                d.subtypes.push(boxes[i].value);
            }
        }
        // keep attributes the codebook does not define; the server decides about them
        Object.keys(a.attributes || {}).forEach(function (k) { d.attributes[k] = a.attributes[k]; });
        this.attributes.forEach(function (def) {
            var c = form.elements['attr-' + def.key];
            if (c) {
                if (c.value.trim() === '') {
                    delete d.attributes[def.key];
                } else {
                    d.attributes[def.key] = c.value;
                }
            }
        });
        return d;
    };

    /** A field changed: save now (choices, leaving a text field) or after a pause (typing). */
    Editor.prototype.onFieldChange = function (now) {
        if (!this.panelId || !this.editable()) {
            return;
        }
        var self = this;
        clearTimeout(this.dirtyTimer);
        this.dirtyTimer = null;
        if (now) {
            this.flushPanel(true);
            return;
        }
        var a = this.anns.get(this.panelId);
        if (a && norm(this.collectDraft()) !== norm(this.contentOf(a))) {
            this.dirtyTimer = setTimeout(function () {
                self.dirtyTimer = null;
                self.flushPanel(true);
            }, TEXT_DEBOUNCE_MS);
        }
        this.refreshStatus();
    };

    /** Saves what the panel shows when it differs from the saved annotation. */
    Editor.prototype.flushPanel = function (explicit) {
        clearTimeout(this.dirtyTimer);
        this.dirtyTimer = null;
        if (this.readOnly || !this.panelId || !this.formEl || !this.editable()) {
            this.refreshStatus();
            return;
        }
        var a = this.anns.get(this.panelId);
        if (!a) {
            return;
        }
        var d = this.collectDraft();
        var st = this.saves.get(this.panelId);
        var queued = st && st.draft;
        if (norm(d) !== norm(this.contentOf(a)) || queued || (st && st.inflight) || (explicit && this.failed.has(this.panelId))) {
            this.requestSave(this.panelId, d);
        }
        this.refreshStatus();
    };

    Editor.prototype.adjustSpan = function (which, byChar) {
        if (!this.panelId || !this.editable()) {
            return;
        }
        var text = this.text;
        var n = text.length;
        var idx = this.index;
        var s = idx.toU16(this.panelSpan.start);
        var e = idx.toU16(this.panelSpan.end);
        var self = this;
        function charStep(u, dir) {
            var v = u + dir;
            if (v < 0 || v > n) {
                return u;
            }
            var c = text.charCodeAt(dir > 0 ? v - 1 : v);
            if (dir < 0 && c >= 0xDC00 && c <= 0xDFFF) {
                v--;
            }
            if (dir > 0 && c >= 0xD800 && c <= 0xDBFF) {
                v++;
            }
            return self.snapGrapheme(v, dir > 0);
        }
        if (which === 'start-left') {
            if (byChar) {
                s = charStep(s, -1);
            } else {
                while (s > 0 && isWs(text[s - 1])) { s--; }
                while (s > 0 && !isWs(text[s - 1])) { s--; }
            }
        } else if (which === 'start-right') {
            var s2 = s;
            if (byChar) {
                s2 = charStep(s, 1);
            } else {
                while (s2 < e && !isWs(text[s2])) { s2++; }
                while (s2 < e && isWs(text[s2])) { s2++; }
            }
            if (s2 < e) {
                s = s2;
            }
        } else if (which === 'end-right') {
            if (byChar) {
                e = charStep(e, 1);
            } else {
                while (e < n && isWs(text[e])) { e++; }
                while (e < n && !isWs(text[e])) { e++; }
            }
        } else if (which === 'end-left') {
            var e2 = e;
            if (byChar) {
                e2 = charStep(e, -1);
            } else {
                while (e2 > s && !isWs(text[e2 - 1])) { e2--; }
                while (e2 > s && isWs(text[e2 - 1])) { e2--; }
            }
            if (e2 > s) {
                e = e2;
            }
        }
        var ns = idx.toCp(s);
        var ne = idx.toCpEnd(e);
        if (ns === this.panelSpan.start && ne === this.panelSpan.end) {
            return;
        }
        this.panelSpan = { start: ns, end: ne };
        this.quoteEl.textContent = text.slice(s, e);
        this.flushPanel(true);
    };

    // ---- events ----------------------------------------------------------------------------------

    Editor.prototype.bindEvents = function () {
        var self = this;
        this.textEl.addEventListener('click', function (e) { self.onTextClick(e); });
        this.listEl.addEventListener('keydown', function (e) { self.onListKey(e); });
        this.listEl.addEventListener('click', function (e) {
            var li = e.target.closest('li[data-id]');
            if (li) {
                self.select(li.getAttribute('data-id'), { scroll: true });
            }
        });
        this.countsEl.addEventListener('click', function (e) {
            var b = e.target.closest('button[data-filter]');
            if (b) {
                var f = b.getAttribute('data-filter');
                self.listFilter = self.listFilter === f ? '' : f;
                var all = self.countsEl.querySelectorAll('button[data-filter]');
                for (var i = 0; i < all.length; i++) {
                    all[i].setAttribute('aria-pressed', String(all[i].getAttribute('data-filter') === self.listFilter));
                }
                self.applyListFilter();
            }
        });
        document.addEventListener('keydown', function (e) { self.onKey(e); });
        window.addEventListener('beforeunload', function (e) {
            self.flushPanel();
            var busy = self.failed.size > 0;
            self.saves.forEach(function (s) { if (s.inflight || s.draft) { busy = true; } });
            if (busy) {
                e.preventDefault();
                e.returnValue = 'Some changes are not saved yet.';
                return e.returnValue;
            }
            return undefined;
        });
        document.addEventListener('visibilitychange', function () {
            if (document.visibilityState === 'hidden') {
                self.flushPanel();
            }
        });
    };

    Editor.prototype.onKey = function (e) {
        if (e.defaultPrevented || e.isComposing) {
            return;
        }
        var t = e.target;
        if (e.key === 'Escape') {
            if (t && t.tagName === 'SELECT') {
                return;
            }
            var sel = window.getSelection();
            var hadText = sel && !sel.isCollapsed && this.textEl.contains(sel.anchorNode);
            if (hadText) {
                sel.removeAllRanges();
            }
            if (this.selectedId) {
                var inPanel = this.panelEl.contains(t);
                this.select(null);
                if (inPanel) {
                    this.textEl.focus({ preventScroll: true });
                }
                e.preventDefault();
            } else if (hadText) {
                e.preventDefault();
            }
            return;
        }
        if (e.ctrlKey || e.metaKey || e.altKey || isTypingTarget(t)) {
            return;
        }
        if (t !== document && !this.root.contains(t) && t !== document.body && t !== document.documentElement) {
            return; // keys meant for other parts of the page
        }
        var key = e.key;
        if (key === ']' || key === '[') {
            this.step(key === ']' ? 1 : -1);
            e.preventDefault();
            return;
        }
        if (this.readOnly) {
            return;
        }
        var cat = key && key.length === 1 ? this.hotkeys.get(key.toLowerCase()) : null;
        if (cat && !e.shiftKey) {
            e.preventDefault();
            this.onCategoryCommand(cat);
            return;
        }
        if (key === 'Delete' && this.selectedId) {
            e.preventDefault();
            this.deleteSelected();
        }
    };

    // ------------------------------------------------------------------------------------------
    // start

    function startEditors() {
        var root = document.getElementById('cs-editor');
        if (root && !root.__csEditor) {
            new Editor(root).init();
        }
    }

    window.ClaimscopeEditor = { Editor: Editor, TextIndex: TextIndex, start: startEditors };

    if (document.readyState === 'loading') {
        document.addEventListener('DOMContentLoaded', startEditors);
    } else {
        startEditors();
    }
}());
