/*
 * hd_upload.h -- a multipart/form-data POST read as it arrives (text
 * fields into rq->form, files hashed and staged in the database chunk by
 * chunk with hd_attach_stage), for the pages that take files:
 * page_attach.c and page_ticket_new.c.  Recording the staged files is
 * the page's (hd_attach_record); giving up drops them.
 */
#ifndef HD_UPLOAD_H
#define HD_UPLOAD_H

#include "mod_helpdesk.h"

typedef struct hd_upload hd_upload;

/* Whether r's body says it is multipart/form-data. */
int hd_upload_is_multipart(request_rec *r);

/* An upload for rq with its directory's limits (HelpdeskMaxAttachmentSize,
 * HelpdeskMaxUploadSize, HelpdeskMaxAttachments, HelpdeskMaxFormBytes for
 * the text); NULL when no scratch pool could be made. */
hd_upload *hd_upload_make(hd_req *rq);

/* Read the whole body: OK with every file staged and rq->form filled, or
 * 400 (malformed, truncated), 403 (the form's token, checked at the first
 * file part before any byte is stored), 413 (a limit: the text fields
 * after it are still read) or 503, with hd_upload_why -- and nothing left
 * staged.  Only file parts named "file" with a file name are taken. */
int hd_upload_read(hd_upload *u);

/* The files staged, as hd_attach_file * for hd_attach_record. */
apr_array_header_t *hd_upload_files(const hd_upload *u);
int hd_upload_count(const hd_upload *u);
/* Whether hd_upload_read checked the form's token (it does at the first
 * file); without a file the page checks it itself. */
int hd_upload_token_checked(const hd_upload *u);
/* Why the upload failed, in words for the page ("" or NULL when not). */
const char *hd_upload_why(const hd_upload *u);
/* Give up: delete every staged chunk; the first status and why given are
 * kept (returned, and by hd_upload_why). */
int hd_upload_drop(hd_upload *u, int status, const char *why);

#endif /* HD_UPLOAD_H */
