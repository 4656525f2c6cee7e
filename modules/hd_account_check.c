/*
 * hd_account_check.c -- checks of the account page's fields and the
 * password policy's reasons in plain words (see hd_account_check.h).
 *
 * The rules follow what the directory and the people reading it need:
 * a phone number that dials (the same characters HelpdeskContactPhone
 * takes, hd_config.c), a room that is one line of text, an address that
 * mail can be sent to.  The directory's schema accepts all of these
 * (telephoneNumber is a telephone-number string, roomNumber a directory
 * string), so what passes here is not refused there.
 */
#include "hd_account_check.h"
#include "hd_request.h"

#include "apr_strings.h"
#include "apr_lib.h"

#include <string.h>

const char *hd_account_bad_phone(apr_pool_t *p, const char *phone,
                                 const char *what)
{
    apr_size_t n = strlen(phone);
    long chars = hd_request_text_chars(phone, 0);

    if (!n) {
        return NULL;
    }
    if (chars < 0 || strspn(phone, "+0123456789 ()-./") != n ||
        !strpbrk(phone, "0123456789")) {
        return apr_psprintf(p,
                            "Enter the %s with digits, and only spaces and "
                            "+ ( ) - . / between them, like "
                            "+44 20 7946 0101.",
                            what);
    }
    if (chars > HD_ACCOUNT_PHONE_CHARS) {
        return apr_psprintf(p, "The %s must be %d characters or fewer.", what,
                            HD_ACCOUNT_PHONE_CHARS);
    }
    return NULL;
}

const char *hd_account_bad_room(const char *room)
{
    long chars = hd_request_text_chars(room, 0);

    /* A tab is not a control character to hd_request_text_chars, but it
     * is no part of a room's name either. */
    if (chars < 0 || strchr(room, '\t')) {
        return "The office or room holds characters that cannot be shown: "
               "use one line of ordinary text.";
    }
    if (chars > HD_ACCOUNT_ROOM_CHARS) {
        return "The office or room must be 64 characters or fewer.";
    }
    return NULL;
}

/* Is d a domain mail can go to: labels of letters, digits and hyphens
 * (or any UTF-8: internationalised names), split by single dots? */
static int mail_domain(const char *d)
{
    const char *label = d;
    const char *c;

    if (!*d) {
        return 0;
    }
    for (c = d;; c++) {
        if (*c == '.' || !*c) {
            if (c == label || label[0] == '-' || c[-1] == '-') {
                return 0; /* empty label, or one starting or ending '-' */
            }
            if (!*c) {
                return 1;
            }
            label = c + 1;
            continue;
        }
        if (!((unsigned char)*c >= 0x80 || apr_isalnum(*c) || *c == '-')) {
            return 0;
        }
    }
}

const char *hd_account_bad_mail(const char *mail)
{
    long chars = hd_request_text_chars(mail, 0);
    const char *at = strrchr(mail, '@');
    const char *c;

    if (!*mail) {
        return "Enter your new e-mail address.";
    }
    if (chars < 0 || chars > HD_ACCOUNT_MAIL_CHARS) {
        return "Enter an e-mail address of at most 254 ordinary characters.";
    }
    /* One '@' with something before it (no spaces, quotes or the
     * characters that make a list or a display name) and a domain with
     * a dot after it: what a person types, not all RFC 5322 allows. */
    if (!at || at == mail || strchr(mail, '@') != at || !strchr(at + 1, '.') ||
        !mail_domain(at + 1) || at - mail > 64) {
        return "Enter an e-mail address like name@example.org.";
    }
    for (c = mail; c < at; c++) {
        if (apr_isspace(*c) || strchr("<>()[],;:\"\\", *c)) {
            return "Enter an e-mail address like name@example.org.";
        }
    }
    if (mail[0] == '.' || at[-1] == '.' || strstr(mail, "..")) {
        return "Enter an e-mail address like name@example.org.";
    }
    return NULL;
}

/* slapd's ppolicy texts (servers/slapd/overlays/ppolicy.c, OpenLDAP 2.5)
 * and what they mean to the person changing their password.  Matched as
 * the start of the text, case aside: slapd may add detail after them. */
static const struct {
    const char *says, *means;
} policy_words[] = {
    /* slapd 2.5 says this also of a password shorter than pwdMinLength
     * (the exact reason goes only into the ppolicy response control). */
    {"Password fails quality checking policy",
     "The new password is too short or too simple: choose a longer one, "
     "mixing letters, digits and other characters."},
    {"Password is too short for policy",
     "The new password is too short: choose a longer one."},
    {"Password is in history of old passwords",
     "You have used that password before: choose one you have not used."},
    {"Password is too young to change",
     "Your password was changed only a short while ago: you may change it "
     "again later."},
    {"Password is too long for policy", "The new password is too long."},
    {"Must supply old password to be changed as well as new one",
     "Enter your current password as well as the new one."},
    {"User alteration of password is not allowed",
     "Your password cannot be changed here: contact the service desk."},
    {"Password policy only allows one password value",
     "The directory takes one password only."},
    {"Password expired", "Your password has expired: contact the service "
                         "desk."},
    {"Account locked", "Your account is locked: contact the service desk."},
};

const char *hd_account_policy_words(apr_pool_t *p, const char *why)
{
    apr_size_t i;

    if (!why || !*why) {
        return "The directory did not accept the new password: choose "
               "another one.";
    }
    for (i = 0; i < sizeof(policy_words) / sizeof(policy_words[0]); i++) {
        if (!strncasecmp(why, policy_words[i].says,
                         strlen(policy_words[i].says))) {
            return policy_words[i].means;
        }
    }
    return apr_pstrcat(
        p, "The directory did not accept the new password: ", why, NULL);
}
