/*
 * hd_ticket.h -- the ticket domain: references, who may see and act on a
 * ticket, and the changes a ticket goes through, each one transaction.
 *
 * Shared by the ticket pages and, later, the service desk and background
 * jobs; nothing here knows about HTTP or XML.
 */
#ifndef HD_TICKET_H
#define HD_TICKET_H

#include "hd_db.h"
#include "apr_tables.h"

/* Who is looking: what the visibility rule needs to know. */
typedef struct {
    const char *login;
    const char *organisation; /* "" when none */
    int is_agent;
    int is_supervisor;
} hd_viewer;

/* "1042" -> "HD-1042". */
const char *hd_ticket_ref(apr_pool_t *p, const char *id);
/* "HD-1042" -> "1042"; NULL for anything else (also leading zeros, so
 * one ticket has one address). */
const char *hd_ticket_id_of_ref(const char *ref);

/* The visibility rule (hd_ticket.c) is a set of branches, each served
 * by an index; a viewer's role opens some of them. */
typedef enum {
    HD_BRANCH_REQUESTER,   /* t.requester_login = login */
    HD_BRANCH_LOGGER,      /* t.logged_by_login = login */
    HD_BRANCH_ORG_SHARED,  /* t.requester_org = org AND t.shared = 1 */
    HD_BRANCH_ORG_PRIVATE, /* t.requester_org = org AND t.shared = 0 */
    HD_BRANCH_ALL,         /* every ticket */
    HD_BRANCH_COUNT
} hd_branch;

/* Does the viewer's role open branch k? */
int hd_ticket_sees(const hd_viewer *v, hd_branch k);
/* The branch's condition on "t" (tickets), with one %s for its value
 * (none for HD_BRANCH_ALL), and that value for viewer v. */
const char *hd_ticket_branch_sql(hd_branch k);
const char *hd_ticket_branch_arg(const hd_viewer *v, hd_branch k);

/* A list's branch: one of the rule's, and whether it is further limited
 * to the viewer's organisation (staff's own private tickets in the
 * organisation view). */
typedef struct {
    hd_branch kind;
    int same_org;
} hd_list_branch;
#define HD_LIST_MAX_BRANCHES 4
/* The branches of what viewer v sees in view "mine", "org" or "all";
 * how many (0: an empty list). */
int hd_ticket_list_branches(const hd_viewer *v, const char *view,
                            hd_list_branch out[HD_LIST_MAX_BRANCHES]);

/* "Requester replied": the ticket's last public entry is its requester's
 * or its logger's -- a condition on "t" (tickets), for the desk's queue
 * and its count. */
#define HD_TICKET_REPLIED_SQL                                            \
    "(SELECT a.author_login FROM ticket_activity a WHERE a.ticket_id = " \
    "t.id AND a.internal = 0 ORDER BY a.id DESC LIMIT 1) IN "            \
    "(t.requester_login, t.logged_by_login)"

/* The visibility rule's parameters for viewer v, in the order the
 * single-ticket statements take them; returns the next free slot. */
#define HD_TICKET_VISIBLE_NARGS 9
const char **hd_ticket_visibility_args(const hd_viewer *v, const char **args);

/* One ticket as its page shows it.  cols holds every column of the
 * SELECT by name (see ticket_get in hd_ticket.c); the fields are the
 * ones the rules below need. */
typedef struct {
    apr_table_t *cols;
    const char *id, *status, *category;
    const char *requester_login, *logged_by_login;
} hd_ticket;

/* The names of every column in hd_ticket.cols (NULL-terminated). */
extern const char *const hd_ticket_columns[];

/* The ticket if viewer may see it, else *out NULL: the same for a ticket
 * that does not exist, so nobody learns which. */
hd_db_outcome hd_ticket_load(hd_db *db, const hd_viewer *viewer, const char *id,
                             hd_ticket **out);
/* The activity viewer may read, oldest first: the public entries, and
 * for agents the internal notes too.  An array of apr_table_t * (columns
 * by name: id (what attachments.activity_id names), kind, author_login,
 * author_name, body, created_at, internal "true"/"false", status_name). */
hd_db_outcome hd_ticket_activity(hd_db *db, const hd_viewer *viewer,
                                 const char *id, apr_array_header_t **out);
/* The ticket the form with this nonce created, or *id NULL. */
hd_db_outcome hd_ticket_by_nonce(hd_db *db, const char *nonce, const char **id);
/* Only the person the ticket is for and whoever logged it act on it. */
int hd_ticket_may_act(const hd_ticket *t, const char *login);

/* A new ticket, as the form (or the API) gave it. */
typedef struct {
    const char *kind, *summary, *details, *first_note;
    const char *service_id, *team_code;
    const char *shared; /* "1", "0", or "" for the service's default */
    const char *requester_login, *requester_name, *requester_mail,
        *requester_phone, *requester_org;
    const char *logger_login, *logger_name;
    const char *nonce;   /* the form's: the same form makes one ticket */
    const char *channel; /* "web", "phone", "api" (tickets.channel) */
    const char *asset;   /* the computer it is about; "" or NULL: none */
} hd_ticket_draft;

/* Is asset a computer's name a ticket may carry: 1-64 letters, digits,
 * '.', '_' or '-'? */
int hd_ticket_asset_valid(const char *asset);

/* What became of a change to a ticket. */
typedef enum {
    HD_TICKET_DONE,      /* committed */
    HD_TICKET_REPEATED,  /* this form was sent before: nothing new */
    HD_TICKET_REFUSED,   /* the workflow has no such move from here */
    HD_TICKET_CANCELLED, /* the ticket is cancelled: final */
    HD_TICKET_INVALID,   /* service or team not (or no longer) offered */
    HD_TICKET_MISSING,   /* no such ticket */
    HD_TICKET_CHANGED,   /* changed since the form was drawn (seen) */
    HD_TICKET_DB         /* see the database outcome */
} hd_ticket_result;

/* Log a ticket and its first activity in one transaction; *id is the
 * new ticket's (or, when REPEATED, the one the form made before). */
hd_ticket_result hd_ticket_create(hd_db *db, const hd_ticket_draft *d,
                                  const char **id, hd_db_outcome *why);
/* Add a comment by author (login, name); a closed ticket is reopened in
 * the same transaction, a cancelled one refused. */
hd_ticket_result hd_ticket_comment(hd_db *db, const char *id, const char *login,
                                   const char *name, const char *body,
                                   const char *nonce, hd_db_outcome *why);
/* Move the ticket along the workflow table as actor ("requester",
 * "agent", "system") doing action ("resolve", "cancel", ...), recorded as
 * an activity of kind with body; solution "" keeps the old one.  *old
 * gets the status before (for messages). */
hd_ticket_result hd_ticket_move(hd_db *db, const char *id, const char *actor,
                                const char *action, const char *kind,
                                const char *login, const char *name,
                                const char *body, const char *solution,
                                const char *nonce, const char **old_category,
                                hd_db_outcome *why);

/* A move the service desk may make from a status (ticket_transitions,
 * actor agent). */
typedef struct {
    const char *to, *action, *name, *category;
} hd_agent_move;
/* The agent moves from status, in workflow order (hd_agent_move). */
hd_db_outcome hd_ticket_agent_moves(hd_db *db, const char *status,
                                    apr_array_header_t **out);
/* The ticket's version as a form saw it: the id of its last activity row
 * (every change adds one), "0" when none. */
hd_db_outcome hd_ticket_version(hd_db *db, const char *id, const char **seen);
/* The desk's changes below take seen (a version, "" not to check): when
 * the ticket changed since, nothing is written and the result is CHANGED,
 * so two agents never silently overwrite each other. */
/* An agent moves the ticket to status to, if the workflow has that move
 * from where the ticket is now (else REFUSED); reason is recorded publicly
 * and kept on the ticket (status_reason), solution "" keeps the old. */
hd_ticket_result hd_ticket_agent_move(hd_db *db, const char *id, const char *to,
                                      const char *login, const char *name,
                                      const char *reason, const char *solution,
                                      const char *seen, const char *nonce,
                                      hd_db_outcome *why);
/* Assign the ticket to an agent (assignee_login "" : to nobody). */
hd_ticket_result hd_ticket_assign(hd_db *db, const char *id,
                                  const char *assignee_login,
                                  const char *assignee_name, const char *login,
                                  const char *name, const char *seen,
                                  const char *nonce, hd_db_outcome *why);
/* Reclassify: team (code), call type, priority (level); each recorded as
 * old -> new in one "changed" entry; INVALID for a team or priority that
 * does not exist. */
hd_ticket_result hd_ticket_classify(hd_db *db, const char *id,
                                    const char *team_code,
                                    const char *call_type, const char *priority,
                                    const char *login, const char *name,
                                    const char *seen, const char *nonce,
                                    hd_db_outcome *why);
/* The activity after version seen, oldest first (as hd_ticket_activity,
 * internal notes included: for agents only). */
hd_db_outcome hd_ticket_changes_since(hd_db *db, const char *id,
                                      const char *seen,
                                      apr_array_header_t **out);
/* The desk writes on the ticket: a public reply, or an internal note that
 * only agents ever read. */
hd_ticket_result hd_ticket_reply(hd_db *db, const char *id, const char *login,
                                 const char *name, const char *body,
                                 int internal, const char *nonce,
                                 hd_db_outcome *why);

/* "Did it fix it?": the requester's answer, once per resolution.  fixed
 * with a rating (1-5) and an optional comment; not fixed with a comment,
 * which reopens the ticket (the workflow's requester "reply" from Pending
 * Closure, "reopen" from Closed) in the same transaction. */
hd_ticket_result hd_ticket_feedback(hd_db *db, const char *id,
                                    const char *login, const char *name,
                                    int fixed, const char *rating,
                                    const char *comment, const char *nonce,
                                    hd_db_outcome *why);
/* The latest answer since the ticket last reached its present status:
 * *fixed "1"/"0" and *rating, or *fixed NULL when not asked yet. */
hd_db_outcome hd_ticket_feedback_get(hd_db *db, const char *id,
                                     const char **fixed, const char **rating);

/* The ticket domain's statements, for hd_db_register (post_config). */
hd_db_statements hd_ticket_statements(apr_pool_t *p);
/* Whether viewer may see ticket id: *visible "1" or NULL. */
hd_db_outcome hd_ticket_visible(hd_db *db, const hd_viewer *viewer,
                                const char *id, const char **visible);

#endif /* HD_TICKET_H */
