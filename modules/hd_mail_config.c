/*
 * hd_mail_config.c -- the HelpdeskMail* and HelpdeskSMTP* directives
 * (hd_mail.h): parsed, checked and defaulted here, listed in
 * hd_config_cmds through HD_MAIL_CMDS.
 */
#include "mod_helpdesk.h"
#include "hd_config.h"
#include "hd_mail.h"

#include "apr_strings.h"
#include "apr_uri.h"

#define HD_DEFAULT_SMTP_URL      "smtp://127.0.0.1:25"
#define HD_DEFAULT_SMTP_TIMEOUT  30
#define HD_DEFAULT_MAIL_ATTEMPTS 10
#define HD_DEFAULT_MAIL_MAX_AGE  86400
#define HD_DEFAULT_MAIL_INTERVAL 5
#define HD_DEFAULT_MAIL_BYTES    (25 * 1024 * 1024)
#define HD_DEFAULT_SENDER_LIMIT  20

void hd_mail_init_settings(hd_mail_settings *m)
{
    memset(m, 0, sizeof(*m));
    m->smtp_tls = -1;
    m->smtp_timeout = -1;
    m->max_attempts = -1;
    m->max_age = -1;
    m->interval = -1;
    m->max_bytes = -1;
    m->unknown_senders = -1;
    m->sender_limit = -1;
}

#define PICK_PTR(f) m->f = add->f ? add->f : base->f
#define PICK_INT(f) m->f = add->f != -1 ? add->f : base->f

void hd_mail_merge_settings(hd_mail_settings *m, const hd_mail_settings *base,
                            const hd_mail_settings *add)
{
    PICK_PTR(from);
    PICK_PTR(portal_url);
    PICK_PTR(smtp_url);
    PICK_PTR(smtp_user);
    PICK_PTR(smtp_password);
    PICK_PTR(smtp_ca_file);
    PICK_INT(smtp_tls);
    PICK_INT(smtp_timeout);
    PICK_INT(max_attempts);
    PICK_INT(max_age);
    PICK_INT(interval);
    PICK_PTR(gate_secret);
    PICK_INT(max_bytes);
    PICK_INT(unknown_senders);
    PICK_PTR(default_org);
    PICK_INT(sender_limit);
}

void hd_mail_apply_defaults(hd_mail_settings *m)
{
    if (!m->smtp_url)
        m->smtp_url = HD_DEFAULT_SMTP_URL;
    if (m->smtp_tls == -1)
        m->smtp_tls = HD_SMTP_TLS_TRY;
    if (m->smtp_timeout == -1)
        m->smtp_timeout = HD_DEFAULT_SMTP_TIMEOUT;
    if (m->max_attempts == -1)
        m->max_attempts = HD_DEFAULT_MAIL_ATTEMPTS;
    if (m->max_age == -1)
        m->max_age = HD_DEFAULT_MAIL_MAX_AGE;
    if (m->interval == -1)
        m->interval = HD_DEFAULT_MAIL_INTERVAL;
    if (m->max_bytes == -1)
        m->max_bytes = HD_DEFAULT_MAIL_BYTES;
    if (m->unknown_senders == -1)
        m->unknown_senders = HD_MAIL_UNKNOWN_REFUSE;
    if (!m->default_org)
        m->default_org = "";
    if (m->sender_limit == -1)
        m->sender_limit = HD_DEFAULT_SENDER_LIMIT;
}

const char *hd_mail_check(apr_pool_t *p, const hd_mail_settings *m)
{
    if (m->from && !m->portal_url) {
        return "HelpdeskMailFrom is set but HelpdeskPortalURL is not: mail "
               "must link to the portal by an address people can reach";
    }
    return NULL;
}

/* A whole number of at least min. */
static const char *read_int(cmd_parms *cmd, const char *arg, long min, long max,
                            long *out)
{
    char *end;
    long v = strtol(arg, &end, 10);
    if (!*arg || *end || v < min || v > max) {
        return apr_psprintf(cmd->pool,
                            "%s must be a whole number from %ld "
                            "to %ld",
                            cmd->cmd->name, min, max);
    }
    *out = v;
    return NULL;
}

/* One line, no control characters (these end up in mail headers). */
static const char *one_line(cmd_parms *cmd, const char *arg)
{
    const unsigned char *c;
    for (c = (const unsigned char *)arg; *c; c++) {
        if (*c < 0x20 || *c == 0x7f) {
            return apr_psprintf(cmd->pool,
                                "%s must be one line without "
                                "control characters",
                                cmd->cmd->name);
        }
    }
    return NULL;
}

static const char *set_url(cmd_parms *cmd, const char *arg,
                           const char *const *schemes, const char **out)
{
    apr_uri_t u;
    int i;
    if (apr_uri_parse(cmd->pool, arg, &u) == APR_SUCCESS && u.scheme &&
        u.hostname) {
        for (i = 0; schemes[i]; i++) {
            if (!strcasecmp(u.scheme, schemes[i])) {
                /* No trailing '/': links are made by appending paths. */
                apr_size_t n = strlen(arg);
                while (n > 0 && arg[n - 1] == '/') {
                    n--;
                }
                *out = apr_pstrmemdup(cmd->pool, arg, n);
                return NULL;
            }
        }
    }
    return apr_psprintf(cmd->pool, "%s '%s' is not a %s URL", cmd->cmd->name,
                        arg, schemes[0]);
}

const char *hd_mail_set_take1(cmd_parms *cmd, void *d, const char *arg)
{
    static const char *const web[] = {"https", "http", NULL};
    static const char *const smtp[] = {"smtp", "smtps", NULL};
    hd_server_conf *c =
        ap_get_module_config(cmd->server->module_config, &helpdesk_module);
    hd_mail_settings *m = &c->mail;
    const char *name = cmd->cmd->name, *err = one_line(cmd, arg);
    long v = 0;
    (void)d;

    if (err) {
        return err;
    }
    if (!strcasecmp(name, "HelpdeskMailFrom")) {
        if (!strchr(arg, '@')) {
            return "HelpdeskMailFrom must hold an e-mail address";
        }
        m->from = arg;
    }
    else if (!strcasecmp(name, "HelpdeskPortalURL")) {
        return set_url(cmd, arg, web, &m->portal_url);
    }
    else if (!strcasecmp(name, "HelpdeskSMTPServer")) {
        return set_url(cmd, arg, smtp, &m->smtp_url);
    }
    else if (!strcasecmp(name, "HelpdeskSMTPUser")) {
        m->smtp_user = arg;
    }
    else if (!strcasecmp(name, "HelpdeskSMTPPassword")) {
        m->smtp_password = arg;
    }
    else if (!strcasecmp(name, "HelpdeskSMTPCAFile")) {
        m->smtp_ca_file = ap_server_root_relative(cmd->pool, arg);
        if (!m->smtp_ca_file) {
            return "HelpdeskSMTPCAFile: not a valid path";
        }
    }
    else if (!strcasecmp(name, "HelpdeskSMTPStartTLS")) {
        if (!strcasecmp(arg, "off")) {
            m->smtp_tls = HD_SMTP_TLS_OFF;
        }
        else if (!strcasecmp(arg, "try")) {
            m->smtp_tls = HD_SMTP_TLS_TRY;
        }
        else if (!strcasecmp(arg, "required")) {
            m->smtp_tls = HD_SMTP_TLS_REQUIRED;
        }
        else {
            return "HelpdeskSMTPStartTLS must be Off, Try or Required";
        }
    }
    else if (!strcasecmp(name, "HelpdeskMailGateSecret")) {
        if (strlen(arg) < 16) {
            return "HelpdeskMailGateSecret must be at least 16 characters";
        }
        m->gate_secret = arg;
    }
    else if (!strcasecmp(name, "HelpdeskMailUnknownSenders")) {
        if (!strcasecmp(arg, "refuse")) {
            m->unknown_senders = HD_MAIL_UNKNOWN_REFUSE;
        }
        else if (!strcasecmp(arg, "create")) {
            m->unknown_senders = HD_MAIL_UNKNOWN_CREATE;
        }
        else {
            return "HelpdeskMailUnknownSenders must be Refuse or Create";
        }
    }
    else if (!strcasecmp(name, "HelpdeskMailDefaultOrganisation")) {
        m->default_org = arg;
    }
    else if (!strcasecmp(name, "HelpdeskSMTPTimeout")) {
        err = read_int(cmd, arg, 1, 600, &v);
        m->smtp_timeout = (int)v;
    }
    else if (!strcasecmp(name, "HelpdeskMailMaxAttempts")) {
        err = read_int(cmd, arg, 1, 1000, &v);
        m->max_attempts = (int)v;
    }
    else if (!strcasecmp(name, "HelpdeskMailMaxAge")) {
        err = read_int(cmd, arg, 60, 365 * 86400, &v);
        m->max_age = (int)v;
    }
    else if (!strcasecmp(name, "HelpdeskMailInterval")) {
        err = read_int(cmd, arg, 1, 3600, &v);
        m->interval = (int)v;
    }
    else if (!strcasecmp(name, "HelpdeskMailMaxBytes")) {
        err = read_int(cmd, arg, 1024, 1024L * 1024 * 1024, &v);
        m->max_bytes = v;
    }
    else if (!strcasecmp(name, "HelpdeskMailSenderLimit")) {
        err = read_int(cmd, arg, 1, 100000, &v);
        m->sender_limit = (int)v;
    }
    return err;
}
