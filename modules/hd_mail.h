/*
 * hd_mail.h -- e-mail both ways: the settings (HelpdeskMail* and
 * HelpdeskSMTP* directives, hd_mail_config.c), the signed Message-IDs
 * that thread a ticket's mail and let replies find their ticket
 * (hd_mail_id.c), and the outbox (hd_notify.c turns events into
 * messages, hd_mail_send.c hands them to the SMTP server).
 *
 * See sql/017_mail.sql for the tables and why mail is never lost.
 */
#ifndef HD_MAIL_H
#define HD_MAIL_H

#include "httpd.h"
#include "http_config.h"
#include "apr_pools.h"
#include "hd_db.h"

/* HelpdeskMailUnknownSenders */
enum { HD_MAIL_UNKNOWN_REFUSE = 0, HD_MAIL_UNKNOWN_CREATE = 1 };
/* HelpdeskSMTPStartTLS */
enum { HD_SMTP_TLS_OFF = 0, HD_SMTP_TLS_TRY = 1, HD_SMTP_TLS_REQUIRED = 2 };

/* Per server; -1 / NULL: unset until hd_mail_apply_defaults. */
typedef struct {
    /* Outbound: off while from is NULL. */
    const char *from;          /* HelpdeskMailFrom: "Name <addr>" or addr */
    const char *portal_url;    /* HelpdeskPortalURL: "https://host" (links) */
    const char *smtp_url;      /* HelpdeskSMTPServer: smtp[s]://host:port */
    const char *smtp_user;     /* HelpdeskSMTPUser */
    const char *smtp_password; /* HelpdeskSMTPPassword */
    const char *smtp_ca_file;  /* HelpdeskSMTPCAFile: PEM, the server's CA */
    int smtp_tls;              /* HelpdeskSMTPStartTLS: HD_SMTP_TLS_* */
    int smtp_timeout;          /* HelpdeskSMTPTimeout, seconds */
    int max_attempts;          /* HelpdeskMailMaxAttempts: then dead */
    int max_age;  /* HelpdeskMailMaxAge: older events are dropped */
    int interval; /* HelpdeskMailInterval: seconds between sends */
    /* Inbound: off while gate_secret is NULL. */
    const char *gate_secret; /* HelpdeskMailGateSecret */
    apr_off_t max_bytes;     /* HelpdeskMailMaxBytes */
    int unknown_senders;     /* HelpdeskMailUnknownSenders: HD_MAIL_UNKNOWN_* */
    const char *default_org; /* HelpdeskMailDefaultOrganisation */
    int sender_limit;        /* HelpdeskMailSenderLimit: messages an hour */
} hd_mail_settings;

/* The directives, for hd_config_cmds (hd_config.c); their cmd->info is
 * the offset-free marker below, each handler finds its field by name. */
const char *hd_mail_set_take1(cmd_parms *cmd, void *d, const char *arg);
#define HD_MAIL_CMDS                                                           \
    AP_INIT_TAKE1("HelpdeskMailFrom", hd_mail_set_take1, NULL, RSRC_CONF,      \
                  "The From of the portal's mail, \"Name <address>\"; "        \
                  "unset: no mail is sent"),                                   \
        AP_INIT_TAKE1("HelpdeskPortalURL", hd_mail_set_take1, NULL, RSRC_CONF, \
                      "The portal's address as people reach it, for links "    \
                      "in mail, e.g. https://helpdesk.example.org"),           \
        AP_INIT_TAKE1("HelpdeskSMTPServer", hd_mail_set_take1, NULL,           \
                      RSRC_CONF,                                               \
                      "smtp://host:port or smtps://host:port (default "        \
                      "smtp://127.0.0.1:25)"),                                 \
        AP_INIT_TAKE1("HelpdeskSMTPUser", hd_mail_set_take1, NULL, RSRC_CONF,  \
                      "User name for SMTP authentication (default none)"),     \
        AP_INIT_TAKE1("HelpdeskSMTPPassword", hd_mail_set_take1, NULL,         \
                      RSRC_CONF, "Password for SMTP authentication"),          \
        AP_INIT_TAKE1("HelpdeskSMTPCAFile", hd_mail_set_take1, NULL,           \
                      RSRC_CONF,                                               \
                      "PEM file of the CA that signed the SMTP server's "      \
                      "certificate (default: the system's)"),                  \
        AP_INIT_TAKE1("HelpdeskSMTPStartTLS", hd_mail_set_take1, NULL,         \
                      RSRC_CONF,                                               \
                      "Off, Try or Required (default Try: STARTTLS when the "  \
                      "server offers it)"),                                    \
        AP_INIT_TAKE1("HelpdeskSMTPTimeout", hd_mail_set_take1, NULL,          \
                      RSRC_CONF,                                               \
                      "Seconds an SMTP conversation may take (default 30)"),   \
        AP_INIT_TAKE1("HelpdeskMailMaxAttempts", hd_mail_set_take1, NULL,      \
                      RSRC_CONF,                                               \
                      "Failed deliveries before a message is given up as "     \
                      "dead and shown to the desk (default 10)"),              \
        AP_INIT_TAKE1("HelpdeskMailMaxAge", hd_mail_set_take1, NULL,           \
                      RSRC_CONF,                                               \
                      "Seconds after which an event nobody has been told of "  \
                      "yet is dropped rather than mailed (default 86400)"),    \
        AP_INIT_TAKE1("HelpdeskMailInterval", hd_mail_set_take1, NULL,         \
                      RSRC_CONF,                                               \
                      "Seconds between two looks at the outbox (default "      \
                      "5)"),                                                   \
        AP_INIT_TAKE1("HelpdeskMailGateSecret", hd_mail_set_take1, NULL,       \
                      RSRC_CONF,                                               \
                      "The secret helpdesk-mailgate sends; unset: incoming "   \
                      "mail is refused"),                                      \
        AP_INIT_TAKE1("HelpdeskMailMaxBytes", hd_mail_set_take1, NULL,         \
                      RSRC_CONF,                                               \
                      "Largest incoming message (default 26214400: 25 MB)"),   \
        AP_INIT_TAKE1("HelpdeskMailUnknownSenders", hd_mail_set_take1, NULL,   \
                      RSRC_CONF,                                               \
                      "Refuse (default) or Create: a ticket for a sender the " \
                      "directory does not know"),                              \
        AP_INIT_TAKE1("HelpdeskMailDefaultOrganisation", hd_mail_set_take1,    \
                      NULL, RSRC_CONF,                                         \
                      "The organisation of tickets from unknown senders"),     \
        AP_INIT_TAKE1("HelpdeskMailSenderLimit", hd_mail_set_take1, NULL,      \
                      RSRC_CONF,                                               \
                      "Messages one sender may send in an hour before the "    \
                      "rest are ignored as a loop (default 20)")

void hd_mail_init_settings(hd_mail_settings *m);
void hd_mail_merge_settings(hd_mail_settings *m, const hd_mail_settings *base,
                            const hd_mail_settings *add);
void hd_mail_apply_defaults(hd_mail_settings *m);
/* Refuse settings that cannot work (check_config): mail on without a
 * HelpdeskPortalURL.  NULL or why not. */
const char *hd_mail_check(apr_pool_t *p, const hd_mail_settings *m);

/* ------------------------------------------------------------------ */
/* Signed Message-IDs (hd_mail_id.c), pure                             */
/* ------------------------------------------------------------------ */

/* "hd.<ticket>.<event>.<tag>.<sig>@<domain>" (no angle brackets): tag
 * tells one recipient's copy from another's, sig is an HMAC-SHA-256 of
 * the rest under secret, so a reply's In-Reply-To can be trusted to name
 * its ticket.  ticket "0" for mail about no ticket. */
const char *hd_mail_msgid(apr_pool_t *p, const char *secret, const char *ticket,
                          const char *event, const char *tag,
                          const char *domain);
/* The ticket a Message-ID (with or without <>) was made for, when it is
 * one of ours and its signature holds; NULL otherwise. */
const char *hd_mail_msgid_ticket(apr_pool_t *p, const char *secret,
                                 const char *msgid);
/* Whether msgid is one of ours, signature and all (also mail about no
 * ticket): our own mail coming back is a loop. */
int hd_mail_msgid_ours(apr_pool_t *p, const char *secret, const char *msgid);
/* The domain part of an address or "Name <addr>": "example.org". */
const char *hd_mail_domain_of(apr_pool_t *p, const char *address);

#endif /* HD_MAIL_H */
