/*
 * page_tickets.c -- the ticket lists and the user's choice of columns.
 *
 *   GET  <base>/tickets           tickets.xsl          the lists
 *   GET  <base>/tickets/columns   ticket-columns.xsl   choose columns
 *   POST <base>/tickets/columns                        save them
 *
 * Views: mine (requested or logged by me), org (my organisation's shared
 * tickets; a supervisor's also private ones), all (all I may see).  The
 * same visibility predicate as a single ticket's guards every row, so no
 * filter or search can show more.  Pages are keyset-paginated: ?after=
 * carries the last row's sort key and id.  A ticket reference alone in
 * the search box opens that ticket, when the same rule lets the user
 * see it.
 */
#include "mod_helpdesk.h"
#include "apr_lib.h"

/* Every column a list can show, in the order the chooser offers them. */
static const struct {
    const char *key, *label;
} columns[] = {
    {"reference", "Reference"},
    {"summary", "Summary"},
    {"status", "Status"},
    {"service", "Service"},
    {"requester", "Requester"},
    {"created", "Created"},
    {"updated", "Last updated"},
    {"priority", "Priority"},
    {"assignee", "Assignee"},
    {"kind", "Type"},
    {"team", "Team"},
    {"logged_by", "Logged by"},
    {"organisation", "Organisation"},
};
#define N_COLUMNS       ((int)(sizeof(columns) / sizeof(columns[0])))
#define DEFAULT_COLUMNS "reference,summary,status,service,requester,updated"

static const struct {
    const char *key, *label;
} views[] = {
    {"mine", "Created by me"}, {"org", "My organisation"}, {"all", "All"}};

static const struct {
    const char *key, *label;
    const char *first_asc, *first_desc; /* cursor before the first row */
    const char *pattern;                /* what a cursor key may hold */
} sorts[] = {
    {"updated", "Last updated", "0000-01-01 00:00:00", "9999-12-31 23:59:59",
     "0123456789-: "},
    {"created", "Created", "0", "4294967295", "0123456789"},
    {"priority", "Priority", "0", "255", "0123456789"},
    /* ticket_statuses.sort_order, a signed INT: the cursor starts
     * outside its range in either direction. */
    {"status", "Status", "-2147483648", "2147483647", "-0123456789"},
};

/* What a status code may hold (ticket_statuses.code). */
#define STATUS_CODE_CHARS "abcdefghijklmnopqrstuvwxyz0123456789_"

static int column_index(const char *key)
{
    int i;
    for (i = 0; i < N_COLUMNS; i++) {
        if (!strcmp(columns[i].key, key))
            return i;
    }
    return -1;
}

/* ------------------------------------------------------------------ */
/* The user's columns                                                  */
/* ------------------------------------------------------------------ */

/* The user's chosen column keys in order (defaults when none saved). */
static int user_columns(hd_req *rq, apr_array_header_t **out)
{
    const char *login = rq->user->login, *csv;
    char *copy, *key, *state;
    int rv = hd_db_value(rq, "hd_columns_get", 1, &login, &csv);

    if (rv != OK) {
        return rv;
    }
    *out = apr_array_make(rq->r->pool, N_COLUMNS, sizeof(char *));
    copy = apr_pstrdup(rq->r->pool, csv && *csv ? csv : DEFAULT_COLUMNS);
    for (key = apr_strtok(copy, ",", &state); key;
         key = apr_strtok(NULL, ",", &state)) {
        if (column_index(key) >= 0) { /* a column since removed: skip */
            *(const char **)apr_array_push(*out) = key;
        }
    }
    return OK;
}

/* ------------------------------------------------------------------ */
/* The list                                                            */
/* ------------------------------------------------------------------ */

typedef struct {
    const char *view, *sort, *q, *after;
    int desc, sort_i;
    apr_array_header_t *statuses; /* chosen status codes */
} list_query;

/* The list statement's columns as attributes of each <ticket>; the id
 * becomes ref/href, the last column is the sort key for the cursor. */
static const char *const row_columns[] = {NULL,           "kind",
                                          "summary",      "status",
                                          "status-name",  "category",
                                          "service",      "team",
                                          "requester",    "requester-login",
                                          "logged-by",    "logged-by-login",
                                          "organisation", "shared",
                                          "priority",     "priority-name",
                                          "assignee",     "created",
                                          "updated",      NULL};

typedef struct {
    xmlNodePtr rows;
    int count, limit;
    const char *last_key, *last_id; /* of the last row shown */
} list_state;

static int add_row(hd_req *rq, void *baton, int n, const char **c)
{
    list_state *s = baton;
    apr_pool_t *p = rq->r->pool;
    const char *ref = hd_ticket_ref(p, c[0]);
    xmlNodePtr e;

    if (++s->count > s->limit) {
        return 0; /* the look-ahead row: there is a next page */
    }
    e = hd_xml_child(s->rows, "ticket");
    hd_xml_attr(e, "ref", ref);
    hd_xml_attr(e, "href",
                apr_pstrcat(p, rq->sconf->base_url, "/tickets/", ref, NULL));
    hd_xml_attrs(e, row_columns, n, c);
    s->last_key = apr_pstrdup(p, c[19]);
    s->last_id = apr_pstrdup(p, c[0]);
    return 0;
}

/* Boolean-mode terms: words prefix-matched and required, except short
 * ones ("the", "a", "pc") which InnoDB may not index -- required, they
 * would hide every row.  Operators typed by the user are dropped rather
 * than interpreted. */
static const char *search_terms(apr_pool_t *p, const char *q)
{
    char *copy = apr_pstrdup(p, q), *word, *state;
    const char *out = "";
    char *c;

    for (c = copy; *c; c++) {
        if (strchr("+-<>()~*\"@", *c))
            *c = ' ';
    }
    for (word = apr_strtok(copy, " \t\r\n", &state); word;
         word = apr_strtok(NULL, " \t\r\n", &state)) {
        out = apr_pstrcat(p, out, *out ? " " : "", strlen(word) > 3 ? "+" : "",
                          word, "*", NULL);
    }
    return out;
}

/* The ticket number when the search text is a reference and nothing
 * else: "HD-1042", "hd-1042", "HD1042" or "1042", white space around
 * allowed; leading zeros dropped, so it names one ticket.  NULL when it
 * is not a reference (or too long to be one). */
static const char *search_ref_id(apr_pool_t *p, const char *q)
{
    const char *s = q, *digits;
    apr_size_t n;

    while (apr_isspace(*s)) {
        s++;
    }
    if (apr_toupper(s[0]) == 'H' && apr_toupper(s[1]) == 'D') {
        s += s[2] == '-' ? 3 : 2;
    }
    while (*s == '0') {
        s++;
    }
    digits = s;
    n = strspn(digits, "0123456789");
    for (s = digits + n; apr_isspace(*s); s++) {
    }
    if (n == 0 || n > 9 || *s) {
        return NULL;
    }
    return apr_pstrmemdup(p, digits, n);
}

/* A reference in the search box opens that ticket (303) when the user
 * may see it.  Otherwise DECLINED and the search runs as any other,
 * finding nothing for it: a ticket hidden from the user and one that
 * does not exist give the same page. */
static int open_by_reference(hd_req *rq, const char *id)
{
    const char *args[6], *found;
    int rv;

    args[0] = id;
    hd_ticket_visibility_args(rq, args + 1);
    if ((rv = hd_db_value(rq, "hd_ticket_visible", 6, args, &found)) != OK) {
        return rv;
    }
    if (!found) {
        return DECLINED;
    }
    apr_table_setn(rq->r->headers_out, "Location",
                   apr_pstrcat(rq->r->pool, rq->sconf->base_url, "/tickets/",
                               hd_ticket_ref(rq->r->pool, found), NULL));
    return HTTP_SEE_OTHER;
}

/* The list's address with its filters, for links.  The statuses are as
 * many as the query repeats them: joined once, not appended one by one
 * to the address so far (which copies it every time). */
static const char *list_href(hd_req *rq, const list_query *lq, const char *view,
                             const char *after)
{
    apr_pool_t *p = rq->r->pool;
    apr_array_header_t *statuses =
        apr_array_make(p, lq->statuses->nelts, sizeof(char *));
    int i;

    for (i = 0; i < lq->statuses->nelts; i++) {
        APR_ARRAY_PUSH(statuses, const char *) = apr_pstrcat(
            p, "&status=",
            ap_escape_urlencoded(p, APR_ARRAY_IDX(lq->statuses, i, char *)),
            NULL);
    }
    return apr_pstrcat(
        p, rq->sconf->base_url, "/tickets?view=", view,
        apr_array_pstrcat(p, statuses, '\0'), *lq->q ? "&q=" : "",
        *lq->q ? ap_escape_urlencoded(p, lq->q) : "", "&sort=", lq->sort,
        "&dir=", lq->desc ? "desc" : "asc", after ? "&after=" : "",
        after ? ap_escape_urlencoded(p, after) : "", NULL);
}

typedef struct {
    xmlNodePtr list;
    list_query *lq;
    int defaults;                  /* no status chosen: the open ones */
    apr_array_header_t *codes;     /* every status, for "search them all" */
    int open, chosen, chosen_open; /* counts, to name the search's scope */
} status_state;

static int add_status(hd_req *rq, void *baton, int n, const char **c)
{
    status_state *s = baton;
    xmlNodePtr e = hd_xml_child(s->list, "status");
    int i, sel = 0;
    int open = !strcmp(c[2], "open") || !strcmp(c[2], "pending");

    if (s->defaults) {
        sel = open;
        if (sel) {
            *(const char **)apr_array_push(s->lq->statuses) =
                apr_pstrdup(rq->r->pool, c[0]);
        }
    }
    else {
        for (i = 0; i < s->lq->statuses->nelts; i++) {
            sel |= !strcmp(APR_ARRAY_IDX(s->lq->statuses, i, char *), c[0]);
        }
    }
    hd_xml_attr(e, "code", c[0]);
    hd_xml_attr(e, "name", c[1]);
    hd_xml_attr(e, "category", c[2]);
    hd_xml_attr(e, "selected", sel ? "true" : "false");
    *(const char **)apr_array_push(s->codes) = apr_pstrdup(rq->r->pool, c[0]);
    s->open += open;
    s->chosen += sel;
    s->chosen_open += sel && open;
    (void)n;
    return 0;
}

/* Say which statuses the list covers, since closed and cancelled
 * tickets are left out unless asked for: status-scope "all", "open"
 * (the open and pending ones, the default) or "chosen"; and, unless it
 * is all, all-statuses-href: the same list and search over every one. */
static void add_scope(hd_req *rq, xmlNodePtr list_el, const list_query *lq,
                      const status_state *ss)
{
    list_query every = *lq;

    if (ss->chosen == ss->codes->nelts) {
        hd_xml_attr(list_el, "status-scope", "all");
        return;
    }
    hd_xml_attr(list_el, "status-scope",
                ss->chosen == ss->open && ss->chosen_open == ss->chosen
                    ? "open"
                    : "chosen");
    every.statuses = ss->codes;
    hd_xml_attr(list_el, "all-statuses-href",
                list_href(rq, &every, lq->view, NULL));
}

/* Read ?view ?status ?q ?sort ?dir ?after; 400 for nonsense. */
static int read_query(hd_req *rq, list_query *lq)
{
    apr_pool_t *p = rq->r->pool;
    const char *dir = apr_table_get(rq->query, "dir");
    int i;

    lq->view = apr_table_get(rq->query, "view");
    if (!lq->view || !*lq->view)
        lq->view = "mine";
    if (strcmp(lq->view, "mine") && strcmp(lq->view, "org") &&
        strcmp(lq->view, "all")) {
        rq->error_message = "There is no such view of the tickets.";
        return HTTP_BAD_REQUEST;
    }
    lq->sort = apr_table_get(rq->query, "sort");
    lq->sort_i = 0;
    for (i = 0; lq->sort && i < (int)(sizeof(sorts) / sizeof(sorts[0])); i++) {
        if (!strcmp(lq->sort, sorts[i].key))
            lq->sort_i = i;
    }
    lq->sort = sorts[lq->sort_i].key;
    lq->desc = !dir || strcmp(dir, "asc");
    lq->q = apr_table_get(rq->query, "q");
    if (!lq->q)
        lq->q = "";
    if (hd_request_text_chars(lq->q, 0) < 0 || strlen(lq->q) > 200) {
        rq->error_message = "The search text is too long or not readable.";
        return HTTP_BAD_REQUEST;
    }
    lq->statuses = apr_array_make(p, 12, sizeof(char *));
    {
        apr_array_header_t *v = hd_request_values(p, rq->query, "status");
        for (i = 0; i < v->nelts; i++) {
            const char *code = APR_ARRAY_IDX(v, i, const char *);
            if (*code && strspn(code, STATUS_CODE_CHARS) == strlen(code)) {
                *(const char **)apr_array_push(lq->statuses) = code;
            }
        }
    }
    lq->after = apr_table_get(rq->query, "after");
    return OK;
}

/* Split "key~id" from ?after=, checking both; NULLs for page one. */
static int read_cursor(hd_req *rq, const list_query *lq, const char **key,
                       const char **id)
{
    const char *tilde = lq->after ? strrchr(lq->after, '~') : NULL;

    *key =
        lq->desc ? sorts[lq->sort_i].first_desc : sorts[lq->sort_i].first_asc;
    *id = lq->desc ? "4294967295" : "0";
    if (!lq->after || !*lq->after) {
        return OK;
    }
    if (!tilde || !tilde[1] ||
        strspn(tilde + 1, "0123456789") != strlen(tilde + 1) ||
        strspn(lq->after, sorts[lq->sort_i].pattern) !=
            (apr_size_t)(tilde - lq->after)) {
        rq->error_message = "That page of the list does not exist.";
        return HTTP_BAD_REQUEST;
    }
    *key = apr_pstrmemdup(rq->r->pool, lq->after, tilde - lq->after);
    *id = tilde + 1;
    return OK;
}

static void add_choices(hd_req *rq, xmlNodePtr list_el, const list_query *lq,
                        apr_array_header_t *cols)
{
    xmlNodePtr v = hd_xml_list(list_el, "views");
    xmlNodePtr s = hd_xml_list(list_el, "sorts");
    xmlNodePtr c = hd_xml_list(list_el, "columns");
    int i;

    for (i = 0; i < 3; i++) {
        xmlNodePtr e = hd_xml_child(v, "view");
        hd_xml_attr(e, "key", views[i].key);
        hd_xml_attr(e, "label", views[i].label);
        hd_xml_attr(e, "href", list_href(rq, lq, views[i].key, NULL));
        hd_xml_attr(e, "current",
                    strcmp(lq->view, views[i].key) ? "false" : "true");
    }
    for (i = 0; i < (int)(sizeof(sorts) / sizeof(sorts[0])); i++) {
        xmlNodePtr e = hd_xml_child(s, "sort");
        hd_xml_attr(e, "key", sorts[i].key);
        hd_xml_attr(e, "label", sorts[i].label);
        hd_xml_attr(e, "selected", i == lq->sort_i ? "true" : "false");
    }
    for (i = 0; i < cols->nelts; i++) {
        const char *key = APR_ARRAY_IDX(cols, i, const char *);
        xmlNodePtr e = hd_xml_child(c, "column");
        hd_xml_attr(e, "key", key);
        hd_xml_attr(e, "label", columns[column_index(key)].label);
    }
}

int hd_page_tickets(hd_req *rq)
{
    apr_pool_t *p = rq->r->pool;
    list_query lq;
    list_state ls = {NULL, 0, hd_dir_page_size(rq->dconf), NULL, NULL};
    status_state ss;
    apr_array_header_t *cols;
    const char *args[16], **a, *key, *id, *terms, *ref_id;
    xmlNodePtr list_el, paging;
    int rv;

    if ((rv = read_query(rq, &lq)) != OK ||
        (rv = read_cursor(rq, &lq, &key, &id)) != OK) {
        return rv;
    }
    if ((ref_id = search_ref_id(p, lq.q)) &&
        (rv = open_by_reference(rq, ref_id)) != DECLINED) {
        return rv;
    }
    hd_render_begin(rq, "tickets");
    list_el = hd_xml_child(rq->root, "tickets");
    if ((rv = user_columns(rq, &cols)) != OK) {
        return rv;
    }
    memset(&ss, 0, sizeof(ss));
    ss.list = hd_xml_list(list_el, "statuses");
    ss.lq = &lq;
    ss.defaults = lq.statuses->nelts == 0;
    ss.codes = apr_array_make(p, 12, sizeof(char *));
    if ((rv = hd_db_select(rq, "hd_statuses_list", add_status, &ss, 0, NULL)) !=
        OK) {
        return rv;
    }
    hd_xml_attr(list_el, "view", lq.view);
    hd_xml_attr(list_el, "sort", lq.sort);
    hd_xml_attr(list_el, "dir", lq.desc ? "desc" : "asc");
    hd_xml_attr(list_el, "q", lq.q);
    add_scope(rq, list_el, &lq, &ss);
    add_choices(rq, list_el, &lq, cols);

    a = hd_ticket_visibility_args(rq, args);
    *a++ = lq.view;
    *a++ = rq->user->login;
    *a++ = rq->user->login;
    *a++ = lq.view;
    *a++ = rq->user->organisation ? rq->user->organisation : "";
    *a++ = apr_array_pstrcat(p, lq.statuses, ',');
    terms = search_terms(p, lq.q);
    if (*terms) {
        *a++ = terms;
    }
    *a++ = key;
    *a++ = key;
    *a++ = id;
    *a++ = apr_itoa(p, ls.limit + 1); /* one more: is there a next page? */
    ls.rows = hd_xml_list(list_el, "rows");
    rv = hd_db_select(rq, hd_db_list_label(p, lq.sort, lq.desc, *terms != 0),
                      add_row, &ls, (int)(a - args), args);
    if (rv != OK) {
        return rv;
    }
    hd_xml_attr(list_el, "count-shown",
                apr_itoa(p, ls.count > ls.limit ? ls.limit : ls.count));
    paging = hd_xml_child(list_el, "paging");
    if (ls.count > ls.limit) {
        hd_xml_attr(
            paging, "next-href",
            list_href(rq, &lq, lq.view,
                      apr_pstrcat(p, ls.last_key, "~", ls.last_id, NULL)));
    }
    if (lq.after && *lq.after) {
        hd_xml_attr(paging, "first-href", list_href(rq, &lq, lq.view, NULL));
    }
    return OK;
}

/* ------------------------------------------------------------------ */
/* Choosing columns                                                    */
/* ------------------------------------------------------------------ */

static void add_column_form(hd_req *rq, apr_array_header_t *cols)
{
    xmlNodePtr f = hd_xml_child(rq->root, "columns-form");
    int i, j, next = cols->nelts + 1;

    hd_xml_attr(f, "action",
                apr_pstrcat(rq->r->pool, rq->sconf->base_url,
                            "/tickets/columns", NULL));
    hd_xml_attr(f, "csrf", hd_form_token(rq, "/tickets/columns"));
    for (i = 0; i < N_COLUMNS; i++) {
        xmlNodePtr e = hd_xml_child(f, "column");
        int pos = 0;
        for (j = 0; j < cols->nelts; j++) {
            if (!strcmp(APR_ARRAY_IDX(cols, j, const char *), columns[i].key)) {
                pos = j + 1;
            }
        }
        hd_xml_attr(e, "key", columns[i].key);
        hd_xml_attr(e, "label", columns[i].label);
        hd_xml_attr(e, "shown", pos ? "true" : "false");
        hd_xml_attr(e, "position", apr_itoa(rq->r->pool, pos ? pos : next++));
    }
}

int hd_page_ticket_columns(hd_req *rq)
{
    apr_array_header_t *cols;
    int rv;

    hd_render_begin(rq, "ticket-columns");
    if ((rv = user_columns(rq, &cols)) != OK) {
        return rv;
    }
    add_column_form(rq, cols);
    return OK;
}

/* The shown columns ordered by their position field (ties: table
 * order), as "a,b,c"; "" when none is shown. */
static const char *chosen_columns(hd_req *rq)
{
    int order[N_COLUMNS], pos[N_COLUMNS], n = 0, i, j;
    apr_array_header_t *keys =
        apr_array_make(rq->r->pool, N_COLUMNS, sizeof(char *));

    for (i = 0; i < N_COLUMNS; i++) {
        const char *show = hd_request_last(
            rq->r->pool, rq->form,
            apr_pstrcat(rq->r->pool, "show_", columns[i].key, NULL));
        const char *p = hd_form_field(
            rq, apr_pstrcat(rq->r->pool, "pos_", columns[i].key, NULL));
        if (!show || strcmp(show, "1")) {
            continue;
        }
        pos[n] = atoi(p) > 0 ? atoi(p) : N_COLUMNS + i;
        order[n++] = i;
    }
    /* Insertion sort: thirteen columns at most, stable for ties. */
    for (i = 1; i < n; i++) {
        int o = order[i], ps = pos[i];
        for (j = i - 1; j >= 0 && pos[j] > ps; j--) {
            order[j + 1] = order[j];
            pos[j + 1] = pos[j];
        }
        order[j + 1] = o;
        pos[j + 1] = ps;
    }
    for (i = 0; i < n; i++) {
        *(const char **)apr_array_push(keys) = columns[order[i]].key;
    }
    return apr_array_pstrcat(rq->r->pool, keys, ',');
}

int hd_page_ticket_columns_save(hd_req *rq)
{
    const char *args[2] = {rq->user->login, NULL};
    const char *reset;
    int rv;

    if ((rv = hd_form_read(rq)) != OK || (rv = hd_form_check_token(rq)) != OK) {
        return rv;
    }
    reset = hd_form_field(rq, "reset");
    if (!strcmp(reset, "1")) {
        rv = hd_db_exec(rq, "hd_columns_reset", 1, args, NULL);
    }
    else {
        args[1] = chosen_columns(rq);
        if (!*args[1]) {
            xmlNodePtr err;
            apr_array_header_t *cols;
            hd_render_begin(rq, "ticket-columns");
            if ((rv = user_columns(rq, &cols)) != OK) {
                return rv;
            }
            add_column_form(rq, cols);
            err = hd_xml_child(hd_xml_list(rq->root->last, "errors"), "error");
            hd_xml_attr(err, "message", "Choose at least one column.");
            rq->r->status = HTTP_BAD_REQUEST;
            return OK;
        }
        rv = hd_db_exec(rq, "hd_columns_set", 2, args, NULL);
    }
    if (rv != OK) {
        return rv;
    }
    apr_table_setn(
        rq->r->headers_out, "Location",
        apr_pstrcat(rq->r->pool, rq->sconf->base_url, "/tickets", NULL));
    return HTTP_SEE_OTHER;
}
