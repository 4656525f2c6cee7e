<?xml version="1.0" encoding="UTF-8"?>
<!--
  ticket.xsl - one ticket (page ticket): the "ticket logged" notice after
  creation, the status in plain words, the details, the solution, the
  activity, the comment form, and the resolve / cancel confirmation steps
  (when /helpdesk/confirm is there the page is only that step).
  See layout.xsl for the layout contract and /helpdesk/ticket in the
  tickets contract for the input.

  Resolve and cancel are two steps without JavaScript: the ticket page
  links to GET …/resolve and …/cancel (the confirmation page), whose form
  POSTs to the same address with the csrf token.
-->
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform">

  <xsl:import href="layout.xsl"/>

  <xsl:variable name="nav-current" select="'tickets'"/>

  <xsl:variable name="t" select="/helpdesk/ticket"/>
  <xsl:variable name="actions" select="/helpdesk/actions"/>
  <xsl:variable name="confirm" select="string(/helpdesk/confirm/@action)"/>
  <xsl:variable name="comment-errors" select="/helpdesk/comment-form/errors/error"/>
  <xsl:variable name="ticket-href" select="concat($base, '/tickets/', $t/@ref)"/>
  <xsl:variable name="cancelled" select="$t/@category = 'cancelled' or $t/@status = 'cancelled'"/>

  <xsl:template match="/helpdesk" mode="title">
    <xsl:choose>
      <xsl:when test="$confirm = 'resolve'">Resolve this issue?</xsl:when>
      <xsl:when test="$confirm = 'cancel' and $t/@kind = 'incident'">Cancel this incident?</xsl:when>
      <xsl:when test="$confirm = 'cancel'">Cancel this request?</xsl:when>
      <xsl:otherwise>
        <xsl:if test="$comment-errors">Error: </xsl:if>
        <xsl:value-of select="$t/@ref"/>
        <xsl:if test="normalize-space($t/@summary)">
          <xsl:text>: </xsl:text>
          <xsl:value-of select="$t/@summary"/>
        </xsl:if>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template match="/helpdesk" mode="main-class">
    <xsl:if test="$confirm = 'resolve' or $confirm = 'cancel'">main--narrow</xsl:if>
  </xsl:template>

  <xsl:template match="/helpdesk" mode="content">
    <xsl:choose>
      <xsl:when test="$confirm = 'resolve' or $confirm = 'cancel'">
        <xsl:call-template name="confirmation"/>
      </xsl:when>
      <xsl:otherwise>
        <xsl:call-template name="ticket-page"/>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- ===== The ticket ===== -->

  <xsl:template name="ticket-page">
    <xsl:apply-templates select="/helpdesk/notice"/>

    <xsl:call-template name="error-summary">
      <xsl:with-param name="errors" select="$comment-errors"/>
      <xsl:with-param name="prefix" select="'c-'"/>
      <xsl:with-param name="fields" select="' body '"/>
      <xsl:with-param name="fallback" select="'add-comment'"/>
    </xsl:call-template>

    <div class="page-header ticket-header">
      <p class="breadcrumbs"><a href="{$base}/tickets">Tickets</a></p>
      <p class="ticket-header__kicker">
        <span class="ticket-header__kind">
          <xsl:call-template name="kind-label">
            <xsl:with-param name="kind" select="$t/@kind"/>
          </xsl:call-template>
        </span>
        <xsl:text> </xsl:text>
        <span class="ticket-ref ticket-ref--large"><xsl:value-of select="$t/@ref"/></span>
      </p>
      <h1 class="page-title ticket-header__title"><xsl:value-of select="$t/@summary"/></h1>
    </div>

    <div class="ticket-layout">
      <xsl:call-template name="status-panel"/>

      <div class="ticket-layout__main">

        <xsl:apply-templates select="/helpdesk/desk-actions"/>

        <section class="panel ticket-section ticket-section--details" aria-labelledby="details-title">
          <h2 class="panel__title ticket-section__title" id="details-title">Details</h2>
          <xsl:choose>
            <xsl:when test="$t/details/text[node()]">
              <xsl:apply-templates select="$t/details/text" mode="rich-text"/>
            </xsl:when>
            <xsl:otherwise><p class="muted">No details were given.</p></xsl:otherwise>
          </xsl:choose>
        </section>

        <xsl:if test="$t/solution/text[node()]">
          <section class="panel ticket-section solution" aria-labelledby="solution-title">
            <h2 class="panel__title ticket-section__title solution__title" id="solution-title">Solution</h2>
            <xsl:apply-templates select="$t/solution/text" mode="rich-text"/>
          </section>
        </xsl:if>

        <xsl:call-template name="feedback-panel"/>

        <section class="panel ticket-section ticket-section--activity" id="activity" aria-labelledby="activity-title">
          <h2 class="panel__title ticket-section__title" id="activity-title">Activity</h2>
          <xsl:choose>
            <xsl:when test="$t/activity/entry">
              <ol class="timeline">
                <xsl:apply-templates select="$t/activity/entry"/>
              </ol>
            </xsl:when>
            <xsl:otherwise><p class="muted">No activity yet.</p></xsl:otherwise>
          </xsl:choose>
        </section>

        <xsl:call-template name="attachments-section"/>

        <xsl:call-template name="comment-section"/>
      </div>

      <xsl:call-template name="facts"/>
    </div>
  </xsl:template>

  <!-- "Ticket HD-1042 has been logged. Please quote this number …" -->
  <xsl:template match="notice">
    <xsl:variable name="ref">
      <xsl:choose>
        <xsl:when test="normalize-space(@ref)"><xsl:value-of select="@ref"/></xsl:when>
        <xsl:otherwise><xsl:value-of select="$t/@ref"/></xsl:otherwise>
      </xsl:choose>
    </xsl:variable>
    <div class="created-notice" role="status">
      <xsl:choose>
        <xsl:when test="@kind = 'created'">
          <p class="created-notice__title">
            <xsl:text>Ticket </xsl:text>
            <strong class="created-notice__ref"><xsl:value-of select="$ref"/></strong>
            <xsl:text> has been logged.</xsl:text>
          </p>
          <p class="created-notice__text">Please quote this number if you contact the service desk.</p>
        </xsl:when>
        <xsl:when test="@kind = 'comment'">
          <p class="created-notice__title">Your comment has been added to <xsl:value-of select="$ref"/>.</p>
          <p class="created-notice__text">The service desk sees it on the ticket.</p>
        </xsl:when>
        <xsl:when test="@kind = 'resolved'">
          <p class="created-notice__title"><xsl:value-of select="$ref"/> is resolved and closed.</p>
          <p class="created-notice__text">If the problem comes back, add a comment to reopen it.</p>
        </xsl:when>
        <xsl:when test="@kind = 'moved'">
          <p class="created-notice__title"><xsl:value-of select="$ref"/> has moved on: it is now <xsl:value-of select="$t/@status-name"/>.</p>
        </xsl:when>
        <xsl:when test="@kind = 'assigned'">
          <p class="created-notice__title">
            <xsl:value-of select="$ref"/>
            <xsl:choose>
              <xsl:when test="normalize-space($t/@assignee)"> is assigned to <xsl:value-of select="$t/@assignee"/>.</xsl:when>
              <xsl:otherwise> is no longer assigned.</xsl:otherwise>
            </xsl:choose>
          </p>
        </xsl:when>
        <xsl:when test="@kind = 'feedback'">
          <p class="created-notice__title">Thank you: your answer is recorded on <xsl:value-of select="$ref"/>.</p>
        </xsl:when>
        <xsl:when test="@kind = 'classified'">
          <p class="created-notice__title"><xsl:value-of select="$ref"/> is saved with its new team, call type and priority.</p>
        </xsl:when>
        <xsl:when test="@kind = 'replied'">
          <p class="created-notice__title">Your reply has been added to <xsl:value-of select="$ref"/>.</p>
          <p class="created-notice__text">Everyone who may see the ticket reads it.</p>
        </xsl:when>
        <xsl:when test="@kind = 'attached'">
          <p class="created-notice__title">Your files have been attached to <xsl:value-of select="$ref"/>.</p>
        </xsl:when>
        <xsl:when test="@kind = 'noted'">
          <p class="created-notice__title">Your internal note has been added to <xsl:value-of select="$ref"/>.</p>
          <p class="created-notice__text">Only the service desk reads it.</p>
        </xsl:when>
        <xsl:when test="@kind = 'cancelled'">
          <p class="created-notice__title"><xsl:value-of select="$ref"/> has been cancelled.</p>
          <p class="created-notice__text">If you need help with it later, log a new ticket.</p>
        </xsl:when>
      </xsl:choose>
    </div>
  </xsl:template>

  <!-- Status in plain words, the reason, and what the user can do. -->
  <!-- The status in words addressed to whoever reads them: the workflow's
       explanation ("… waiting for your reply") only to the requester and the
       logger; colleagues read whose reply it waits for, agents "the client". -->
  <xsl:template name="status-words">
    <xsl:variable name="mine" select="$user/@login = $t/@requester-login or $user/@login = $t/@logged-by-login"/>
    <xsl:variable name="agent" select="$user/@role = 'agent'"/>
    <xsl:variable name="words">
      <xsl:choose>
        <xsl:when test="$mine and not($agent)"><xsl:value-of select="$t/@status-explanation"/></xsl:when>
        <xsl:when test="$t/@category = 'pending' and $agent">
          <xsl:choose>
            <xsl:when test="$t/@status = 'pending_closure'">A solution was proposed: the ticket closes unless the client replies.</xsl:when>
            <xsl:otherwise>The service desk is waiting for the client's reply.</xsl:otherwise>
          </xsl:choose>
        </xsl:when>
        <xsl:when test="$t/@category = 'pending'">
          <xsl:choose>
            <xsl:when test="$t/@status = 'pending_closure'">A solution has been given. The ticket closes unless <xsl:value-of select="$t/@requester"/> replies.</xsl:when>
            <xsl:otherwise>The service desk is waiting for <xsl:value-of select="$t/@requester"/>'s reply.</xsl:otherwise>
          </xsl:choose>
        </xsl:when>
        <xsl:when test="$t/@category = 'open'">The service desk is working on this ticket.</xsl:when>
        <xsl:when test="$t/@category = 'closed'">This ticket is closed.</xsl:when>
        <xsl:when test="$t/@category = 'cancelled'">This ticket was cancelled.</xsl:when>
      </xsl:choose>
    </xsl:variable>
    <xsl:if test="normalize-space($words)">
      <p class="status-panel__explanation"><xsl:value-of select="$words"/></p>
    </xsl:if>
  </xsl:template>

  <!-- "We aim to reply by Tue 2 Dec, 10:30": the desk's target, told to the
       people it is for while the clock runs (not while it waits for them). -->
  <xsl:template name="sla-aim">
    <xsl:variable name="sla" select="$t/sla"/>
    <xsl:if test="$sla and $user/@role != 'agent' and $sla/@paused = 'false' and $sla/@stopped = 'false'">
      <xsl:choose>
        <xsl:when test="$sla/@responded = 'false' and normalize-space($sla/@response-due-words)">
          <p class="status-panel__aim">We aim to reply by <strong><xsl:value-of select="$sla/@response-due-words"/></strong>.</p>
        </xsl:when>
        <xsl:when test="normalize-space($sla/@resolution-due-words)">
          <p class="status-panel__aim">We aim to resolve it by <strong><xsl:value-of select="$sla/@resolution-due-words"/></strong>.</p>
        </xsl:when>
      </xsl:choose>
    </xsl:if>
  </xsl:template>

  <!-- An agent's due time: when, and whether met, breached or paused. -->
  <xsl:template name="sla-due">
    <xsl:param name="due"/>
    <xsl:param name="breached"/>
    <xsl:param name="met"/>
    <xsl:choose>
      <xsl:when test="normalize-space($due)">
        <xsl:call-template name="datetime"><xsl:with-param name="value" select="$due"/></xsl:call-template>
      </xsl:when>
      <xsl:otherwise><span class="muted">paused (waiting for the client)</span></xsl:otherwise>
    </xsl:choose>
    <xsl:choose>
      <xsl:when test="$breached"><xsl:text> </xsl:text><strong class="badge badge--breached">breached</strong></xsl:when>
      <xsl:when test="$met"><xsl:text> </xsl:text><span class="badge badge--met">met</span></xsl:when>
    </xsl:choose>
  </xsl:template>

  <xsl:template name="status-panel">
    <xsl:variable name="key">
      <xsl:call-template name="ticket-category-key">
        <xsl:with-param name="category" select="$t/@category"/>
      </xsl:call-template>
    </xsl:variable>
    <section class="panel status-panel status-panel--{$key}" aria-labelledby="status-title">
      <div class="status-panel__head">
        <h2 class="status-panel__title" id="status-title">Status</h2>
        <p class="status-panel__badge">
          <xsl:call-template name="ticket-status-badge">
            <xsl:with-param name="name" select="$t/@status-name"/>
            <xsl:with-param name="category" select="$t/@category"/>
            <xsl:with-param name="code" select="$t/@status"/>
          </xsl:call-template>
        </p>
      </div>
      <xsl:call-template name="status-words"/>
      <xsl:call-template name="sla-aim"/>
      <xsl:if test="normalize-space($t/@status-reason)">
        <div class="status-panel__reason">
          <p class="status-panel__reason-label">Note from the service desk</p>
          <p class="status-panel__reason-text"><xsl:value-of select="$t/@status-reason"/></p>
        </div>
      </xsl:if>

      <xsl:variable name="can-reply" select="$actions and $t/@can-comment = 'true' and $t/@category = 'pending'"/>
      <xsl:variable name="can-resolve" select="$actions and $t/@can-resolve = 'true' and normalize-space($actions/@resolve)"/>
      <xsl:variable name="can-cancel" select="$actions and $t/@can-cancel = 'true' and normalize-space($actions/@cancel)"/>
      <xsl:if test="$can-reply or $can-resolve or $can-cancel">
        <div class="status-panel__actions button-group">
          <xsl:if test="$can-reply">
            <a class="button button--primary" href="#c-body">Reply</a>
          </xsl:if>
          <xsl:if test="$can-resolve">
            <a class="button button--secondary" href="{$actions/@resolve}">Resolve ticket</a>
          </xsl:if>
          <xsl:if test="$can-cancel">
            <a class="button button--secondary button--danger-text" href="{$actions/@cancel}">Cancel ticket</a>
          </xsl:if>
        </div>
      </xsl:if>
    </section>
  </xsl:template>

  <!-- ===== Activity ===== -->

  <xsl:template match="entry">
    <xsl:variable name="kind">
      <xsl:choose>
        <xsl:when test="@kind = 'created' or @kind = 'comment' or @kind = 'update' or @kind = 'resolved'
                        or @kind = 'cancelled' or @kind = 'reopened' or @kind = 'status'
                        or @kind = 'internal_note' or @kind = 'assigned' or @kind = 'changed'
                        or @kind = 'attached'">
          <xsl:value-of select="@kind"/>
        </xsl:when>
        <xsl:otherwise>other</xsl:otherwise>
      </xsl:choose>
    </xsl:variable>
    <li class="timeline__item timeline__item--{$kind}">
      <xsl:if test="@internal = 'true'">
        <xsl:attribute name="class">timeline__item timeline__item--<xsl:value-of select="$kind"/> timeline__item--internal</xsl:attribute>
      </xsl:if>
      <span class="timeline__marker" aria-hidden="true"/>
      <div class="timeline__body">
        <p class="timeline__meta">
          <span class="timeline__who">
            <strong class="timeline__author">
              <xsl:choose>
                <xsl:when test="normalize-space(@author)"><xsl:value-of select="@author"/></xsl:when>
                <xsl:when test="normalize-space(@author-login)"><xsl:value-of select="@author-login"/></xsl:when>
                <xsl:otherwise>The service desk</xsl:otherwise>
              </xsl:choose>
            </strong>
            <xsl:if test="normalize-space(@author-login) and @author-login = $user/@login">
              <span class="timeline__you"> (you)</span>
            </xsl:if>
            <xsl:text> </xsl:text>
            <span class="timeline__action">
              <xsl:choose>
                <xsl:when test="$kind = 'created'">logged the ticket</xsl:when>
                <xsl:when test="$kind = 'comment'">commented</xsl:when>
                <xsl:when test="$kind = 'update'">replied</xsl:when>
                <xsl:when test="$kind = 'internal_note'">
                  <xsl:text>wrote an </xsl:text>
                  <strong class="badge badge--internal">internal note</strong>
                  <xsl:text> (service desk only)</xsl:text>
                </xsl:when>
                <xsl:when test="$kind = 'assigned'">changed who works on it</xsl:when>
                <xsl:when test="$kind = 'changed'">reclassified the ticket</xsl:when>
                <xsl:when test="$kind = 'attached' and count(attachments/attachment) = 1">attached a file</xsl:when>
                <xsl:when test="$kind = 'attached'">attached files</xsl:when>
                <xsl:when test="$kind = 'resolved'">resolved the ticket</xsl:when>
                <xsl:when test="$kind = 'cancelled'">cancelled the ticket</xsl:when>
                <xsl:when test="$kind = 'reopened'">reopened the ticket</xsl:when>
                <xsl:when test="$kind = 'status' and normalize-space(@status-name)">
                  <xsl:text>changed the status to </xsl:text>
                  <strong><xsl:value-of select="@status-name"/></strong>
                </xsl:when>
                <xsl:when test="$kind = 'status'">changed the status</xsl:when>
                <xsl:otherwise><xsl:value-of select="@kind"/></xsl:otherwise>
              </xsl:choose>
            </span>
          </span>
          <xsl:text> </xsl:text>
          <span class="timeline__time">
            <xsl:call-template name="datetime">
              <xsl:with-param name="value" select="@time"/>
            </xsl:call-template>
          </span>
        </p>
        <xsl:if test="$kind != 'status' and normalize-space(@status-name)">
          <p class="timeline__status">
            <xsl:text>Status: </xsl:text>
            <xsl:value-of select="@status-name"/>
          </p>
        </xsl:if>
        <xsl:if test="text[node()]">
          <div class="timeline__text">
            <xsl:apply-templates select="text" mode="rich-text"/>
          </div>
        </xsl:if>
        <xsl:apply-templates select="attachments[attachment]" mode="activity"/>
      </div>
    </li>
  </xsl:template>

  <!-- The files an entry recorded: checked raster images (image = true:
       their magic bytes were verified at upload, and the download serves
       them only as that type) inline at a size the stylesheet bounds,
       with the description as alt text; anything else a link with its
       name and size, which always downloads. -->
  <xsl:template match="attachments" mode="activity">
    <ul class="timeline__files">
      <xsl:for-each select="attachment">
        <li class="timeline__file">
          <xsl:choose>
            <xsl:when test="@image = 'true'">
              <a class="timeline__image-link" href="{@href}">
                <img class="timeline__image" src="{@href}" loading="lazy">
                  <xsl:attribute name="alt">
                    <xsl:choose>
                      <xsl:when test="normalize-space(@description)"><xsl:value-of select="@description"/></xsl:when>
                      <xsl:otherwise><xsl:value-of select="@filename"/></xsl:otherwise>
                    </xsl:choose>
                  </xsl:attribute>
                </img>
              </a>
            </xsl:when>
            <xsl:otherwise>
              <a class="timeline__file-link" href="{@href}?download=1" download="{@filename}"><xsl:value-of select="@filename"/></a>
              <xsl:text> </xsl:text>
              <span class="muted">(<xsl:call-template name="attachment-size"><xsl:with-param name="n" select="@size"/></xsl:call-template>)</span>
            </xsl:otherwise>
          </xsl:choose>
        </li>
      </xsl:for-each>
    </ul>
  </xsl:template>

  <!-- ===== Comment form (or why there is none) ===== -->

  <xsl:template name="comment-section">
    <xsl:choose>
      <xsl:when test="$cancelled">
        <section class="panel ticket-section ended" id="add-comment" aria-labelledby="ended-title">
          <h2 class="panel__title ticket-section__title" id="ended-title">This ticket is closed for good</h2>
          <p class="ended__text">This ticket was cancelled and cannot be reopened. Log a new ticket instead.</p>
          <p class="ended__actions">
            <a class="button button--primary" href="{$base}/tickets/new">Log a new ticket</a>
          </p>
        </section>
      </xsl:when>
      <xsl:when test="$actions and $t/@can-comment = 'true' and normalize-space($actions/@comment)">
        <xsl:variable name="form" select="/helpdesk/comment-form"/>
        <section class="panel ticket-section comment-panel" id="add-comment" aria-labelledby="comment-title">
          <h2 class="panel__title ticket-section__title" id="comment-title">Reply</h2>
          <form class="form" id="comment-form" method="post" action="{$actions/@comment}">
            <!-- A comment the database did not confirm is sent again with
                 its own token, so it cannot land twice. -->
            <xsl:choose>
              <xsl:when test="normalize-space($form/@csrf)">
                <input type="hidden" name="csrf" value="{$form/@csrf}"/>
              </xsl:when>
              <xsl:otherwise>
                <input type="hidden" name="csrf" value="{$actions/@comment-csrf}"/>
              </xsl:otherwise>
            </xsl:choose>
            <div>
              <xsl:attribute name="class">
                <xsl:text>field</xsl:text>
                <xsl:if test="$comment-errors[@field = 'body']"> field--error</xsl:if>
              </xsl:attribute>
              <label class="field__label" for="c-body">Add a comment</label>
              <p class="field__hint" id="c-body-hint">
                <xsl:choose>
                  <xsl:when test="$t/@category = 'closed'">This ticket is closed. Adding a comment reopens it.</xsl:when>
                  <xsl:otherwise>The service desk sees your comment on the ticket and can reply here.</xsl:otherwise>
                </xsl:choose>
              </p>
              <xsl:call-template name="field-error">
                <xsl:with-param name="errors" select="$comment-errors"/>
                <xsl:with-param name="prefix" select="'c-'"/>
                <xsl:with-param name="field" select="'body'"/>
              </xsl:call-template>
              <textarea class="input textarea" id="c-body" name="body" rows="5" required="" maxlength="20000">
                <xsl:call-template name="described-by">
                  <xsl:with-param name="errors" select="$comment-errors"/>
                  <xsl:with-param name="prefix" select="'c-'"/>
                  <xsl:with-param name="field" select="'body'"/>
                  <xsl:with-param name="hint" select="'c-body-hint'"/>
                </xsl:call-template>
                <xsl:text>&#10;</xsl:text>
                <xsl:value-of select="$form/@body"/>
              </textarea>
            </div>
            <div class="form__actions">
              <button type="submit" class="button button--primary">
                <xsl:choose>
                  <xsl:when test="$t/@category = 'closed'">Add comment and reopen</xsl:when>
                  <xsl:otherwise>Add comment</xsl:otherwise>
                </xsl:choose>
              </button>
            </div>
          </form>
        </section>
      </xsl:when>
      <xsl:otherwise>
        <section class="panel ticket-section" id="add-comment" aria-labelledby="comment-title">
          <h2 class="panel__title ticket-section__title" id="comment-title">Reply</h2>
          <p class="muted">Only the person the ticket is for and the person who logged it can comment on it.</p>
        </section>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- ===== Attachments (page_attach.c) ===== -->
  <!-- The files with description, name, size, type, who and when; checked
       raster images shown small with the description as alt text, other
       files as links (they always download).  The form is one multipart
       form that works without JavaScript; csrf comes first, so the token
       is checked before any file byte is stored. -->
  <xsl:template name="attachments-section">
    <xsl:variable name="files" select="$t/attachments/attachment"/>
    <xsl:variable name="af" select="/helpdesk/attach-form"/>
    <xsl:variable name="sent" select="/helpdesk/attach-form-sent"/>
    <xsl:if test="$files or $af">
      <section class="panel ticket-section attachments" id="attachments" aria-labelledby="attachments-title">
        <h2 class="panel__title ticket-section__title" id="attachments-title">Attachments</h2>
        <xsl:choose>
          <xsl:when test="$files">
            <ul class="attachments__list">
              <xsl:for-each select="$files">
                <li class="attachment">
                  <xsl:if test="@image = 'true'">
                    <a href="{@href}">
                      <img class="attachment__image" src="{@href}" loading="lazy">
                        <xsl:attribute name="alt">
                          <xsl:choose>
                            <xsl:when test="normalize-space(@description)"><xsl:value-of select="@description"/></xsl:when>
                            <xsl:otherwise><xsl:value-of select="@filename"/></xsl:otherwise>
                          </xsl:choose>
                        </xsl:attribute>
                      </img>
                    </a>
                  </xsl:if>
                  <a class="attachment__name" href="{@href}?download=1" download="{@filename}"><xsl:value-of select="@filename"/></a>
                  <xsl:text> </xsl:text>
                  <span class="attachment__meta muted">
                    <xsl:call-template name="attachment-size"><xsl:with-param name="n" select="@size"/></xsl:call-template>
                    <xsl:text>, </xsl:text><xsl:value-of select="@content-type"/>
                    <xsl:text>, added by </xsl:text><xsl:value-of select="@author"/>
                    <xsl:text> on </xsl:text><xsl:value-of select="@time"/>
                    <xsl:if test="@internal = 'true'"> (internal: the service desk only)</xsl:if>
                  </span>
                  <xsl:if test="normalize-space(@description)">
                    <p class="attachment__description"><xsl:value-of select="@description"/></p>
                  </xsl:if>
                </li>
              </xsl:for-each>
            </ul>
          </xsl:when>
          <xsl:otherwise><p class="muted">No files attached.</p></xsl:otherwise>
        </xsl:choose>
        <xsl:if test="$af">
          <form class="form" id="attach-form" method="post" action="{$af/@action}" enctype="multipart/form-data">
            <input type="hidden" name="csrf" value="{$af/@csrf}"/>
            <xsl:for-each select="$sent/errors/error">
              <p class="field__error" id="a-file-error" role="alert"><xsl:value-of select="@message"/></p>
            </xsl:for-each>
            <div class="field">
              <label class="field__label" for="a-description">Description</label>
              <input class="input" type="text" id="a-description" name="description" maxlength="500" value="{$sent/@description}"/>
            </div>
            <div class="field">
              <label class="field__label" for="a-file">Add attachment</label>
              <p class="field__hint" id="a-file-hint">
                <xsl:text>Up to </xsl:text><xsl:value-of select="$af/@max-files"/>
                <xsl:text> files at once, each at most </xsl:text>
                <xsl:call-template name="attachment-size"><xsl:with-param name="n" select="$af/@max-size"/></xsl:call-template>
                <xsl:text>.</xsl:text>
              </p>
              <input class="input" type="file" id="a-file" name="file" multiple="" required="" aria-describedby="a-file-hint"/>
            </div>
            <xsl:if test="$af/@internal-allowed = 'true'">
              <div class="field field--checkbox">
                <input type="checkbox" id="a-internal" name="internal" value="1">
                  <xsl:if test="$sent/@internal = 'true'"><xsl:attribute name="checked">checked</xsl:attribute></xsl:if>
                </input>
                <label for="a-internal">Internal note: only the service desk sees these files</label>
              </div>
            </xsl:if>
            <div class="form__actions">
              <button type="submit" class="button">Add attachment</button>
            </div>
          </form>
        </xsl:if>
      </section>
    </xsl:if>
  </xsl:template>

  <!-- ===== Facts about the ticket ===== -->

  <xsl:template name="facts">
    <aside class="panel ticket-facts" aria-labelledby="facts-title">
      <h2 class="panel__title" id="facts-title">About this ticket</h2>
      <dl class="details details--compact">
        <xsl:call-template name="fact">
          <xsl:with-param name="label" select="'Reference'"/>
          <xsl:with-param name="value" select="$t/@ref"/>
        </xsl:call-template>
        <div class="details__row">
          <dt>Type</dt>
          <dd>
            <xsl:call-template name="kind-label">
              <xsl:with-param name="kind" select="$t/@kind"/>
            </xsl:call-template>
          </dd>
        </div>
        <xsl:call-template name="fact">
          <xsl:with-param name="label" select="'Service / Asset'"/>
          <xsl:with-param name="value" select="$t/@service"/>
        </xsl:call-template>
        <xsl:call-template name="fact">
          <xsl:with-param name="label" select="'Service type / team'"/>
          <xsl:with-param name="value" select="$t/@team"/>
        </xsl:call-template>
        <xsl:call-template name="fact">
          <xsl:with-param name="label" select="'Call type'"/>
          <xsl:with-param name="value" select="$t/@call-type"/>
        </xsl:call-template>
        <xsl:call-template name="fact">
          <xsl:with-param name="label" select="'Priority'"/>
          <xsl:with-param name="value" select="$t/@priority-name"/>
        </xsl:call-template>
        <div class="details__row">
          <dt>Requester</dt>
          <dd>
            <span class="fact__name"><xsl:value-of select="$t/@requester"/></span>
            <xsl:if test="normalize-space($t/@requester-mail)">
              <span class="fact__line"><a href="mailto:{normalize-space($t/@requester-mail)}"><xsl:value-of select="$t/@requester-mail"/></a></span>
            </xsl:if>
            <xsl:if test="normalize-space($t/@requester-phone)">
              <span class="fact__line"><a href="tel:{translate(normalize-space($t/@requester-phone), ' ().-', '')}"><xsl:value-of select="$t/@requester-phone"/></a></span>
            </xsl:if>
          </dd>
        </div>
        <xsl:call-template name="fact">
          <xsl:with-param name="label" select="'Organisation'"/>
          <xsl:with-param name="value" select="$t/@organisation"/>
        </xsl:call-template>
        <xsl:call-template name="fact">
          <xsl:with-param name="label" select="'Logged by'"/>
          <xsl:with-param name="value" select="$t/@logged-by"/>
        </xsl:call-template>
        <div class="details__row">
          <dt>Shared</dt>
          <dd>
            <xsl:choose>
              <xsl:when test="$t/@shared = 'true'">
                <xsl:text>Yes, with </xsl:text>
                <xsl:choose>
                  <xsl:when test="normalize-space($t/@organisation)"><xsl:value-of select="$t/@organisation"/></xsl:when>
                  <xsl:otherwise>the organisation</xsl:otherwise>
                </xsl:choose>
              </xsl:when>
              <xsl:otherwise>No, private</xsl:otherwise>
            </xsl:choose>
          </dd>
        </div>
        <xsl:if test="$user/@role = 'agent' and $t/sla">
          <xsl:variable name="sla" select="$t/sla"/>
          <div class="details__row">
            <dt>First response due</dt>
            <dd>
              <xsl:call-template name="sla-due">
                <xsl:with-param name="due" select="$sla/@response-due"/>
                <xsl:with-param name="breached" select="$sla/@response-breached = 'true'"/>
                <xsl:with-param name="met" select="$sla/@responded = 'true'"/>
              </xsl:call-template>
            </dd>
          </div>
          <div class="details__row">
            <dt>Resolution due</dt>
            <dd>
              <xsl:call-template name="sla-due">
                <xsl:with-param name="due" select="$sla/@resolution-due"/>
                <xsl:with-param name="breached" select="$sla/@resolution-breached = 'true'"/>
                <xsl:with-param name="met" select="$sla/@stopped = 'true'"/>
              </xsl:call-template>
            </dd>
          </div>
        </xsl:if>
        <div class="details__row">
          <dt>Assigned to</dt>
          <dd>
            <xsl:choose>
              <xsl:when test="normalize-space($t/@assignee)"><xsl:value-of select="$t/@assignee"/></xsl:when>
              <xsl:otherwise><span class="muted">Not assigned yet</span></xsl:otherwise>
            </xsl:choose>
          </dd>
        </div>
        <xsl:if test="normalize-space($t/@asset)">
          <div class="details__row">
            <dt>Computer</dt>
            <dd><a href="{$base}/tickets?view=all&amp;asset={$t/@asset}"><xsl:value-of select="$t/@asset"/></a></dd>
          </div>
        </xsl:if>
        <xsl:if test="normalize-space($t/@channel)">
          <div class="details__row">
            <dt>Came in</dt>
            <dd>
              <xsl:choose>
                <xsl:when test="$t/@channel = 'phone'">By phone</xsl:when>
                <xsl:when test="$t/@channel = 'email'">By e-mail</xsl:when>
                <xsl:when test="$t/@channel = 'api'">Through the API</xsl:when>
                <xsl:otherwise>On the portal</xsl:otherwise>
              </xsl:choose>
            </dd>
          </div>
        </xsl:if>
        <xsl:if test="normalize-space($t/@created)">
          <div class="details__row">
            <dt>Logged</dt>
            <dd><xsl:call-template name="datetime"><xsl:with-param name="value" select="$t/@created"/></xsl:call-template></dd>
          </div>
        </xsl:if>
        <xsl:if test="normalize-space($t/@updated)">
          <div class="details__row">
            <dt>Last updated</dt>
            <dd><xsl:call-template name="datetime"><xsl:with-param name="value" select="$t/@updated"/></xsl:call-template></dd>
          </div>
        </xsl:if>
      </dl>
    </aside>
  </xsl:template>

  <xsl:template name="fact">
    <xsl:param name="label"/>
    <xsl:param name="value"/>
    <xsl:if test="normalize-space($value)">
      <div class="details__row">
        <dt><xsl:value-of select="$label"/></dt>
        <dd><xsl:value-of select="$value"/></dd>
      </div>
    </xsl:if>
  </xsl:template>

  <!-- ===== Confirmation step (GET …/resolve, GET …/cancel) ===== -->

  <xsl:template name="confirmation">
    <xsl:variable name="allowed" select="$actions and (
        ($confirm = 'resolve' and $t/@can-resolve = 'true' and normalize-space($actions/@resolve))
        or ($confirm = 'cancel' and $t/@can-cancel = 'true' and normalize-space($actions/@cancel)))"/>

    <div class="confirm confirm--{$confirm}">
      <p class="breadcrumbs">
        <a href="{$base}/tickets">Tickets</a>
        <span class="breadcrumbs__sep" aria-hidden="true"> / </span>
        <a href="{$ticket-href}"><xsl:value-of select="$t/@ref"/></a>
      </p>
      <section class="panel confirm__panel" aria-labelledby="confirm-title">
        <div class="confirm__ticket">
          <p class="confirm__ticket-ref">
            <span class="ticket-ref"><xsl:value-of select="$t/@ref"/></span>
            <xsl:text> </xsl:text>
            <xsl:call-template name="ticket-status-badge">
              <xsl:with-param name="name" select="$t/@status-name"/>
              <xsl:with-param name="category" select="$t/@category"/>
              <xsl:with-param name="code" select="$t/@status"/>
            </xsl:call-template>
          </p>
          <p class="confirm__ticket-summary"><xsl:value-of select="$t/@summary"/></p>
        </div>

        <xsl:choose>
          <xsl:when test="$confirm = 'resolve'">
            <h1 class="page-title confirm__title" id="confirm-title">Resolve this issue?</h1>
            <p class="confirm__text">The ticket will be closed. If the problem comes back, add a comment to reopen it.</p>
          </xsl:when>
          <xsl:otherwise>
            <h1 class="page-title confirm__title" id="confirm-title">
              <xsl:choose>
                <xsl:when test="$t/@kind = 'incident'">Cancel this incident?</xsl:when>
                <xsl:otherwise>Cancel this request?</xsl:otherwise>
              </xsl:choose>
            </h1>
            <p class="confirm__text confirm__text--warning">This cannot be undone.</p>
            <p class="confirm__text">A cancelled ticket cannot be reopened. If you need help with it later, log a new ticket.</p>
          </xsl:otherwise>
        </xsl:choose>

        <xsl:choose>
          <xsl:when test="$allowed and $confirm = 'resolve'">
            <form class="form confirm__form" method="post" action="{$actions/@resolve}">
              <input type="hidden" name="csrf" value="{$actions/@resolve-csrf}"/>
              <div class="field">
                <label class="field__label" for="r-solution">How was it resolved? (optional)</label>
                <p class="field__hint" id="r-solution-hint">This helps the service desk and colleagues with the same problem.</p>
                <textarea class="input textarea" id="r-solution" name="solution" rows="4" maxlength="20000"
                          aria-describedby="r-solution-hint"/>
              </div>
              <div class="form__actions button-group">
                <button type="submit" class="button button--primary">Yes, resolve it</button>
                <a class="button-link" href="{$ticket-href}">No, go back</a>
              </div>
            </form>
          </xsl:when>
          <xsl:when test="$allowed">
            <form class="confirm__form" method="post" action="{$actions/@cancel}">
              <input type="hidden" name="csrf" value="{$actions/@cancel-csrf}"/>
              <div class="form__actions button-group">
                <button type="submit" class="button button--danger">Yes, cancel it</button>
                <a class="button-link" href="{$ticket-href}">No, go back</a>
              </div>
            </form>
          </xsl:when>
          <xsl:otherwise>
            <p class="confirm__text">
              <xsl:choose>
                <xsl:when test="not($actions)">Only the person the ticket is for and the person who logged it can do this.</xsl:when>
                <xsl:when test="$confirm = 'resolve'">This ticket cannot be resolved in its current status.</xsl:when>
                <xsl:otherwise>This ticket cannot be cancelled in its current status.</xsl:otherwise>
              </xsl:choose>
            </p>
            <p class="form__actions">
              <a class="button button--secondary" href="{$ticket-href}">Go back to the ticket</a>
            </p>
          </xsl:otherwise>
        </xsl:choose>
      </section>
    </div>
  </xsl:template>

  <!-- ===== "Did it fix it?" ===== -->

  <xsl:template name="feedback-panel">
    <xsl:variable name="kept" select="/helpdesk/feedback-form"/>
    <xsl:choose>
      <xsl:when test="$actions and normalize-space($actions/@feedback)">
        <section class="panel ticket-section feedback" id="feedback" aria-labelledby="feedback-title">
          <h2 class="panel__title ticket-section__title" id="feedback-title">Did it fix it?</h2>
          <xsl:if test="$kept">
            <div class="error-summary" role="alert" tabindex="-1">
              <p class="error-summary__body"><xsl:value-of select="$kept/@error"/></p>
            </div>
          </xsl:if>
          <form class="form feedback__yes" method="post" action="{$actions/@feedback}">
            <input type="hidden" name="csrf" value="{$actions/@feedback-csrf}"/>
            <input type="hidden" name="fixed" value="yes"/>
            <fieldset class="fieldset">
              <legend class="fieldset__legend">Yes, it is fixed. How was the service? (1 poor – 5 excellent)</legend>
              <div class="choices choices--inline">
                <xsl:for-each select="(//node())[position() &lt;= 5]">
                  <xsl:variable name="n" select="position()"/>
                  <span class="choice">
                    <input type="radio" name="rating" value="{$n}" id="feedback-rating-{$n}">
                      <xsl:if test="$kept/@rating = $n"><xsl:attribute name="checked">checked</xsl:attribute></xsl:if>
                    </input>
                    <label for="feedback-rating-{$n}"><xsl:text> </xsl:text><xsl:value-of select="$n"/></label>
                  </span>
                </xsl:for-each>
              </div>
            </fieldset>
            <div class="field">
              <label class="field__label" for="feedback-yes-comment">Comment (optional)</label>
              <textarea class="input textarea" id="feedback-yes-comment" name="comment" rows="2">
                <xsl:if test="$kept/@fixed = 'yes'"><xsl:value-of select="$kept/@comment"/></xsl:if>
              </textarea>
            </div>
            <button type="submit" class="button button--primary">Yes, it is fixed</button>
          </form>
          <form class="form feedback__no" method="post" action="{$actions/@feedback}">
            <input type="hidden" name="csrf" value="{$actions/@feedback-csrf}"/>
            <input type="hidden" name="fixed" value="no"/>
            <div class="field">
              <label class="field__label" for="feedback-no-comment">What is still wrong?</label>
              <textarea class="input textarea" id="feedback-no-comment" name="comment" rows="2" required="">
                <xsl:if test="$kept/@fixed = 'no'"><xsl:value-of select="$kept/@comment"/></xsl:if>
              </textarea>
            </div>
            <button type="submit" class="button button--secondary">No, it is not fixed</button>
          </form>
        </section>
      </xsl:when>
      <xsl:when test="$t/@feedback-fixed and $user/@role = 'agent'">
        <p class="feedback__result">
          <xsl:choose>
            <xsl:when test="$t/@feedback-fixed = 'true'">The requester says it is fixed<xsl:if test="$t/@feedback-rating">: rated <strong><xsl:value-of select="$t/@feedback-rating"/></strong> out of 5</xsl:if>.</xsl:when>
            <xsl:otherwise>The requester says it is not fixed.</xsl:otherwise>
          </xsl:choose>
        </p>
      </xsl:when>
    </xsl:choose>
  </xsl:template>

  <!-- ===== The service desk's panel (agents only) ===== -->

  <xsl:template match="desk-actions">
    <xsl:variable name="err" select="/helpdesk/desk-error"/>
    <section class="panel ticket-section desk-panel" id="desk" aria-labelledby="desk-title">
      <h2 class="panel__title ticket-section__title" id="desk-title">Service desk</h2>

      <xsl:if test="$err">
        <div class="error-summary" role="alert" aria-labelledby="desk-error-title" tabindex="-1">
          <h3 class="error-summary__title" id="desk-error-title">There is a problem</h3>
          <p class="error-summary__body"><xsl:value-of select="$err/@message"/></p>
          <xsl:if test="$err/changes/change">
            <ul class="desk-changes">
              <xsl:for-each select="$err/changes/change">
                <li class="desk-changes__item">
                  <strong><xsl:value-of select="@author"/></strong>
                  <xsl:text> </xsl:text>
                  <xsl:choose>
                    <xsl:when test="@kind = 'status'">moved it to <xsl:value-of select="@status-name"/></xsl:when>
                    <xsl:when test="@kind = 'assigned' or @kind = 'changed'"><xsl:value-of select="@text"/></xsl:when>
                    <xsl:when test="@kind = 'internal_note'">wrote an internal note</xsl:when>
                    <xsl:when test="@kind = 'update'">replied</xsl:when>
                    <xsl:when test="@kind = 'comment'">commented</xsl:when>
                    <xsl:otherwise><xsl:value-of select="@kind"/></xsl:otherwise>
                  </xsl:choose>
                  <xsl:text>, </xsl:text>
                  <xsl:call-template name="datetime">
                    <xsl:with-param name="value" select="@time"/>
                  </xsl:call-template>
                </li>
              </xsl:for-each>
            </ul>
          </xsl:if>
        </div>
      </xsl:if>

      <form class="form form--inline desk-assign" method="post" action="{@assign}">
        <input type="hidden" name="csrf" value="{@assign-csrf}"/>
        <input type="hidden" name="seen" value="{@seen}"/>
        <div class="field">
          <label class="field__label" for="desk-assignee">Assigned to (agent's login)</label>
          <input class="input" id="desk-assignee" name="assignee" type="text" autocapitalize="none" spellcheck="false">
            <xsl:attribute name="value">
              <xsl:choose>
                <xsl:when test="$err/@form = 'assign'"><xsl:value-of select="$err/@assignee"/></xsl:when>
              </xsl:choose>
            </xsl:attribute>
          </input>
        </div>
        <button type="submit" class="button button--secondary">Assign</button>
        <xsl:text> </xsl:text>
        <button type="submit" class="button button--secondary" name="assignee" value="{@me}">Assign to me</button>
      </form>

      <xsl:variable name="kc" select="$err[@form = 'classify']"/>
      <form class="form desk-classify" method="post" action="{@classify}">
        <input type="hidden" name="csrf" value="{@classify-csrf}"/>
        <input type="hidden" name="seen" value="{@seen}"/>
        <div class="field">
          <label class="field__label" for="desk-team">Team</label>
          <select class="input select" id="desk-team" name="team">
            <xsl:for-each select="teams/choice">
              <option value="{@value}">
                <xsl:if test="($kc and @value = $kc/@team) or (not($kc) and @name = $t/@team)">
                  <xsl:attribute name="selected">selected</xsl:attribute>
                </xsl:if>
                <xsl:value-of select="@name"/>
              </option>
            </xsl:for-each>
          </select>
        </div>
        <div class="field">
          <label class="field__label" for="desk-call-type">Call type</label>
          <input class="input" id="desk-call-type" name="call_type" type="text" maxlength="40" list="desk-call-types">
            <xsl:attribute name="value">
              <xsl:choose>
                <xsl:when test="$kc"><xsl:value-of select="$kc/@call-type"/></xsl:when>
                <xsl:otherwise><xsl:value-of select="$t/@call-type"/></xsl:otherwise>
              </xsl:choose>
            </xsl:attribute>
          </input>
          <datalist id="desk-call-types">
            <xsl:for-each select="call-types/choice"><option value="{@value}"/></xsl:for-each>
          </datalist>
        </div>
        <div class="field">
          <label class="field__label" for="desk-priority">Priority</label>
          <select class="input select" id="desk-priority" name="priority">
            <xsl:for-each select="priorities/choice">
              <option value="{@value}">
                <xsl:if test="($kc and @value = $kc/@priority) or (not($kc) and @value = $t/@priority)">
                  <xsl:attribute name="selected">selected</xsl:attribute>
                </xsl:if>
                <xsl:value-of select="@name"/>
              </option>
            </xsl:for-each>
          </select>
        </div>
        <button type="submit" class="button button--secondary">Save team, call type and priority</button>
      </form>

      <xsl:if test="moves/move">
        <h3 class="desk-panel__subtitle">Move the ticket on</h3>
        <ul class="desk-moves">
          <xsl:for-each select="moves/move">
            <xsl:variable name="kept" select="$err[@form = 'move' and @to = current()/@to]"/>
            <li class="desk-moves__item">
              <form class="form desk-move" method="post" action="{../../@move}">
                <input type="hidden" name="csrf" value="{../../@move-csrf}"/>
                <input type="hidden" name="seen" value="{../../@seen}"/>
                <input type="hidden" name="to" value="{@to}"/>
                <xsl:choose>
                  <xsl:when test="@needs = 'reason' or @needs = 'question'">
                    <div class="field">
                      <label class="field__label" for="move-{@to}-reason">
                        <xsl:choose>
                          <xsl:when test="@needs = 'question'">Question for the client</xsl:when>
                          <xsl:otherwise>Reason</xsl:otherwise>
                        </xsl:choose>
                      </label>
                      <textarea class="input textarea" id="move-{@to}-reason" name="reason" rows="2" required="">
                        <xsl:value-of select="$kept/@reason"/>
                      </textarea>
                    </div>
                  </xsl:when>
                  <xsl:when test="@needs = 'solution'">
                    <div class="field">
                      <label class="field__label" for="move-{@to}-solution">Solution</label>
                      <textarea class="input textarea" id="move-{@to}-solution" name="solution" rows="3" required="">
                        <xsl:value-of select="$kept/@solution"/>
                      </textarea>
                    </div>
                  </xsl:when>
                </xsl:choose>
                <button type="submit" class="button button--secondary">
                  <xsl:call-template name="move-label"/>
                </button>
              </form>
            </li>
          </xsl:for-each>
        </ul>
      </xsl:if>

      <form class="form desk-reply" method="post" action="{@reply}">
        <input type="hidden" name="csrf" value="{@reply-csrf}"/>
        <div class="field">
          <label class="field__label" for="desk-body">Reply or internal note</label>
          <textarea class="input textarea" id="desk-body" name="body" rows="4" required="">
            <xsl:if test="$err/@form = 'reply'"><xsl:value-of select="$err/@body"/></xsl:if>
          </textarea>
        </div>
        <div class="field field--checkbox">
          <input type="checkbox" id="desk-internal" name="internal" value="1">
            <xsl:if test="$err/@form = 'reply' and $err/@internal = '1'">
              <xsl:attribute name="checked">checked</xsl:attribute>
            </xsl:if>
          </input>
          <label for="desk-internal">Internal note: only the service desk sees it</label>
        </div>
        <div class="form__actions">
          <button type="submit" class="button button--primary">Add</button>
        </div>
      </form>
    </section>
  </xsl:template>

  <!-- A move's button: the workflow's action in words, and where it goes. -->
  <xsl:template name="move-label">
    <xsl:choose>
      <xsl:when test="@action = 'review'">Review</xsl:when>
      <xsl:when test="@action = 'start'">Start work</xsl:when>
      <xsl:when test="@action = 'escalate'">Escalate to <xsl:value-of select="@name"/></xsl:when>
      <xsl:when test="@action = 'de_escalate'">Back to <xsl:value-of select="@name"/></xsl:when>
      <xsl:when test="@action = 'ask_client'">Ask the client</xsl:when>
      <xsl:when test="@action = 'propose_solution'">Propose solution</xsl:when>
      <xsl:when test="@action = 'resume'">Resume work</xsl:when>
      <xsl:when test="@action = 'close'">Close</xsl:when>
      <xsl:when test="@action = 'cancel'">Cancel the ticket</xsl:when>
      <xsl:when test="@action = 'reopen'">Reopen</xsl:when>
      <xsl:otherwise>Move to <xsl:value-of select="@name"/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

</xsl:stylesheet>
