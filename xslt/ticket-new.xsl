<?xml version="1.0" encoding="UTF-8"?>
<!--
  ticket-new.xsl - the "Log a ticket" form (page ticket-new), shown empty on
  GET /tickets/new and again, with every value kept and an error per field,
  after a failed POST.  See layout.xsl for the layout contract and
  /helpdesk/ticket-form in the tickets contract for the input.

  Field ids are "f-" + the field name (the first Type radio is "f-kind"),
  so the error summary can link to "#f-" + @field.
-->
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform">

  <xsl:import href="layout.xsl"/>

  <xsl:variable name="nav-current" select="'tickets'"/>

  <xsl:variable name="form" select="/helpdesk/ticket-form"/>
  <xsl:variable name="values" select="$form/values"/>
  <xsl:variable name="errors" select="$form/errors/error"/>
  <xsl:variable name="p" select="'f-'"/>
  <xsl:variable name="fields" select="' kind on_behalf service team asset summary details first_note description file shared '"/>

  <xsl:template match="/helpdesk" mode="title">
    <xsl:if test="/helpdesk/ticket-form/errors/error">Error: </xsl:if>
    <xsl:text>Log a ticket</xsl:text>
  </xsl:template>

  <xsl:template match="/helpdesk" mode="content">
    <div class="page-header">
      <p class="breadcrumbs"><a href="{$base}/tickets">Tickets</a></p>
      <h1 class="page-title">Log a ticket</h1>
      <p class="lead">Tell the service desk what is broken or what you need. You will get a ticket number to follow it.</p>
    </div>

    <xsl:call-template name="error-summary">
      <xsl:with-param name="errors" select="$errors"/>
      <xsl:with-param name="prefix" select="$p"/>
      <xsl:with-param name="fields" select="$fields"/>
      <xsl:with-param name="fallback" select="'ticket-form'"/>
    </xsl:call-template>

    <xsl:apply-templates select="$form/known-issues[issue]"/>

    <div class="form-layout">
      <xsl:apply-templates select="$form"/>
      <xsl:apply-templates select="$form/requester" mode="aside"/>
    </div>
  </xsl:template>

  <!-- Services in trouble now: say so before anyone types a duplicate,
       and let them join the incident instead ("I am affected too"). -->
  <xsl:template match="known-issues">
    <section class="panel known-issues" id="known-issues" aria-labelledby="known-issues-title">
      <h2 class="panel__title" id="known-issues-title">Known problems right now</h2>
      <p>If yours is one of these, you need not log a ticket: tell us you are affected and you will hear when it is fixed.</p>
      <ul class="known-issues__list">
        <xsl:for-each select="issue">
          <li class="known-issues__item" id="known-issue-{@id}">
            <span class="status status--{@light}">
              <span class="visually-hidden">Status: </span>
              <xsl:value-of select="@label"/>
            </span>
            <xsl:text> </xsl:text>
            <a href="{@href}"><strong><xsl:value-of select="@service-name"/></strong>: <xsl:value-of select="@title"/></a>
            <xsl:if test="normalize-space(@note)">
              <p class="known-issues__note"><xsl:value-of select="@note"/></p>
            </xsl:if>
            <xsl:choose>
              <xsl:when test="@affected-by-me = 'true'">
                <p class="muted">You told us you are affected; you will hear when it is resolved.</p>
              </xsl:when>
              <xsl:otherwise>
                <form method="post" action="{@affected-action}" class="known-issues__form">
                  <input type="hidden" name="csrf" value="{@affected-csrf}"/>
                  <button type="submit" class="button button--secondary">I am affected too</button>
                </form>
              </xsl:otherwise>
            </xsl:choose>
          </li>
        </xsl:for-each>
      </ul>
    </section>
  </xsl:template>

  <xsl:template match="ticket-form">
    <xsl:if test="@can-find = 'true'">
      <form class="form panel desk-find" id="find-form" method="get" action="{$base}/tickets/new">
        <div class="field">
          <label class="field__label" for="find-caller">Find the caller (name, login or e-mail)</label>
          <input class="input input--medium" id="find-caller" name="find" type="search" value="{@find}"
                 autocapitalize="none" spellcheck="false"/>
        </div>
        <button type="submit" class="button button--secondary">Find</button>
        <xsl:if test="normalize-space(@find)">
          <xsl:choose>
            <xsl:when test="found/person">
              <ul class="desk-find__people">
                <xsl:for-each select="found/person">
                  <li>
                    <a href="{$base}/tickets/new?on_behalf={@login}">
                      <xsl:value-of select="@name"/>
                    </a>
                    <xsl:text> (</xsl:text><xsl:value-of select="@login"/>
                    <xsl:if test="normalize-space(@organisation)">, <xsl:value-of select="@organisation"/></xsl:if>
                    <xsl:if test="normalize-space(@mail)">, <xsl:value-of select="@mail"/></xsl:if>
                    <xsl:text>)</xsl:text>
                  </li>
                </xsl:for-each>
              </ul>
            </xsl:when>
            <xsl:otherwise><p class="muted">No one in the directory matches “<xsl:value-of select="@find"/>”.</p></xsl:otherwise>
          </xsl:choose>
        </xsl:if>
      </form>
    </xsl:if>

    <form class="form panel form-layout__main" id="ticket-form" method="post" action="{@action}" enctype="multipart/form-data">
      <input type="hidden" name="csrf" value="{@csrf}"/>

      <!-- Type of ticket -->
      <div>
        <xsl:call-template name="field-class"><xsl:with-param name="field" select="'kind'"/></xsl:call-template>
        <fieldset class="fieldset">
          <xsl:call-template name="described-by">
            <xsl:with-param name="errors" select="$errors"/>
            <xsl:with-param name="prefix" select="$p"/>
            <xsl:with-param name="field" select="'kind'"/>
            <xsl:with-param name="invalid" select="false()"/>
          </xsl:call-template>
          <legend class="fieldset__legend">What kind of ticket is it?</legend>
          <xsl:call-template name="field-error"><xsl:with-param name="errors" select="$errors"/><xsl:with-param name="prefix" select="$p"/><xsl:with-param name="field" select="'kind'"/></xsl:call-template>
          <div class="choices">
            <xsl:call-template name="radio">
              <xsl:with-param name="id" select="'f-kind'"/>
              <xsl:with-param name="value" select="'incident'"/>
              <xsl:with-param name="label" select="'Incident — something is broken'"/>
            </xsl:call-template>
            <xsl:call-template name="radio">
              <xsl:with-param name="id" select="'f-kind-request'"/>
              <xsl:with-param name="value" select="'request'"/>
              <xsl:with-param name="label" select="'Request — something is wanted'"/>
            </xsl:call-template>
          </div>
        </fieldset>
      </div>

      <!-- On behalf of -->
      <div>
        <xsl:call-template name="field-class"><xsl:with-param name="field" select="'on_behalf'"/></xsl:call-template>
        <label class="field__label" for="f-on_behalf">On behalf of (colleague's login)</label>
        <p class="field__hint" id="f-on_behalf-hint">Leave this blank if the ticket is for you.<xsl:if test="$form/colleagues/colleague"> Start typing to pick a colleague from your organisation.</xsl:if></p>
        <xsl:call-template name="field-error"><xsl:with-param name="errors" select="$errors"/><xsl:with-param name="prefix" select="$p"/><xsl:with-param name="field" select="'on_behalf'"/></xsl:call-template>
        <input class="input input--medium" id="f-on_behalf" name="on_behalf" type="text" value="{$values/@on_behalf}"
               autocomplete="off" autocapitalize="none" spellcheck="false">
          <xsl:call-template name="described-by">
            <xsl:with-param name="errors" select="$errors"/>
            <xsl:with-param name="prefix" select="$p"/>
            <xsl:with-param name="field" select="'on_behalf'"/>
            <xsl:with-param name="hint" select="'f-on_behalf-hint'"/>
          </xsl:call-template>
          <xsl:if test="$form/colleagues/colleague">
            <xsl:attribute name="list">f-colleagues</xsl:attribute>
          </xsl:if>
        </input>
        <xsl:if test="$form/colleagues/colleague">
          <datalist id="f-colleagues">
            <xsl:for-each select="$form/colleagues/colleague">
              <option value="{@login}"><xsl:value-of select="@name"/></option>
            </xsl:for-each>
          </datalist>
        </xsl:if>
      </div>

      <xsl:if test="@can-find = 'true'">
        <div class="field">
          <label class="field__label" for="f-channel">How did they contact the desk?</label>
          <p class="field__hint" id="f-channel-hint">Only when you log a ticket for someone else.</p>
          <select class="input select" id="f-channel" name="channel" aria-describedby="f-channel-hint">
            <option value="phone">By phone</option>
            <option value="email">
              <xsl:if test="$values/@channel = 'email'"><xsl:attribute name="selected">selected</xsl:attribute></xsl:if>
              <xsl:text>By e-mail</xsl:text>
            </option>
          </select>
        </div>
      </xsl:if>

      <!-- Service -->
      <div>
        <xsl:call-template name="field-class"><xsl:with-param name="field" select="'service'"/></xsl:call-template>
        <label class="field__label" for="f-service">Service / Asset</label>
        <p class="field__hint" id="f-service-hint">The system, application or device the ticket is about.</p>
        <xsl:call-template name="field-error"><xsl:with-param name="errors" select="$errors"/><xsl:with-param name="prefix" select="$p"/><xsl:with-param name="field" select="'service'"/></xsl:call-template>
        <select class="input select input--medium" id="f-service" name="service">
          <xsl:call-template name="described-by">
            <xsl:with-param name="errors" select="$errors"/>
            <xsl:with-param name="prefix" select="$p"/>
            <xsl:with-param name="field" select="'service'"/>
            <xsl:with-param name="hint" select="'f-service-hint'"/>
          </xsl:call-template>
          <xsl:variable name="any" select="services/service[@selected = 'true'
              or string(@id) = string($values/@service)]"/>
          <xsl:if test="not($any)">
            <option value="" selected="selected">Choose a service</option>
          </xsl:if>
          <xsl:for-each select="services/service">
            <option value="{@id}">
              <xsl:if test="@selected = 'true'
                  or (not(../service[@selected = 'true']) and string(@id) = string($values/@service))">
                <xsl:attribute name="selected">selected</xsl:attribute>
              </xsl:if>
              <xsl:value-of select="@name"/>
            </option>
          </xsl:for-each>
        </select>
      </div>

      <!-- Team -->
      <div>
        <xsl:call-template name="field-class"><xsl:with-param name="field" select="'team'"/></xsl:call-template>
        <label class="field__label" for="f-team">Service type / team</label>
        <p class="field__hint" id="f-team-hint">If you are not sure, leave the one already chosen.</p>
        <xsl:call-template name="field-error"><xsl:with-param name="errors" select="$errors"/><xsl:with-param name="prefix" select="$p"/><xsl:with-param name="field" select="'team'"/></xsl:call-template>
        <select class="input select input--medium" id="f-team" name="team">
          <xsl:call-template name="described-by">
            <xsl:with-param name="errors" select="$errors"/>
            <xsl:with-param name="prefix" select="$p"/>
            <xsl:with-param name="field" select="'team'"/>
            <xsl:with-param name="hint" select="'f-team-hint'"/>
          </xsl:call-template>
          <xsl:for-each select="teams/team">
            <option value="{@code}">
              <xsl:if test="@selected = 'true'
                  or (not(../team[@selected = 'true']) and string(@code) = string($values/@team))">
                <xsl:attribute name="selected">selected</xsl:attribute>
              </xsl:if>
              <xsl:value-of select="@name"/>
            </option>
          </xsl:for-each>
        </select>
      </div>

      <!-- Computer (asset), optional -->
      <div>
        <xsl:call-template name="field-class"><xsl:with-param name="field" select="'asset'"/></xsl:call-template>
        <label class="field__label" for="f-asset">Computer (asset) (optional)</label>
        <p class="field__hint" id="f-asset-hint">The name of the computer the ticket is about, as it shows it, for example “PC-0042”.</p>
        <xsl:call-template name="field-error"><xsl:with-param name="errors" select="$errors"/><xsl:with-param name="prefix" select="$p"/><xsl:with-param name="field" select="'asset'"/></xsl:call-template>
        <input class="input input--medium" id="f-asset" name="asset" type="text" value="{$values/@asset}"
               maxlength="64" autocomplete="off" autocapitalize="none" spellcheck="false">
          <xsl:call-template name="described-by">
            <xsl:with-param name="errors" select="$errors"/>
            <xsl:with-param name="prefix" select="$p"/>
            <xsl:with-param name="field" select="'asset'"/>
            <xsl:with-param name="hint" select="'f-asset-hint'"/>
          </xsl:call-template>
        </input>
      </div>

      <!-- Summary -->
      <div>
        <xsl:call-template name="field-class"><xsl:with-param name="field" select="'summary'"/></xsl:call-template>
        <label class="field__label" for="f-summary">Summary</label>
        <p class="field__hint" id="f-summary-hint">One line, up to 200 characters. For example: “Printer on floor 2 jams on every job”.</p>
        <xsl:call-template name="field-error"><xsl:with-param name="errors" select="$errors"/><xsl:with-param name="prefix" select="$p"/><xsl:with-param name="field" select="'summary'"/></xsl:call-template>
        <input class="input" id="f-summary" name="summary" type="text" value="{$values/@summary}"
               required="" maxlength="200" autocomplete="off">
          <xsl:call-template name="described-by">
            <xsl:with-param name="errors" select="$errors"/>
            <xsl:with-param name="prefix" select="$p"/>
            <xsl:with-param name="field" select="'summary'"/>
            <xsl:with-param name="hint" select="'f-summary-hint'"/>
          </xsl:call-template>
        </input>
      </div>

      <!-- Details -->
      <div>
        <xsl:call-template name="field-class"><xsl:with-param name="field" select="'details'"/></xsl:call-template>
        <label class="field__label" for="f-details">Details</label>
        <p class="field__hint" id="f-details-hint">What happened, what you expected, any error message, and where you are.</p>
        <xsl:call-template name="field-error"><xsl:with-param name="errors" select="$errors"/><xsl:with-param name="prefix" select="$p"/><xsl:with-param name="field" select="'details'"/></xsl:call-template>
        <textarea class="input textarea" id="f-details" name="details" rows="8" required="" maxlength="20000">
          <xsl:call-template name="described-by">
            <xsl:with-param name="errors" select="$errors"/>
            <xsl:with-param name="prefix" select="$p"/>
            <xsl:with-param name="field" select="'details'"/>
            <xsl:with-param name="hint" select="'f-details-hint'"/>
          </xsl:call-template>
          <xsl:text>&#10;</xsl:text>
          <xsl:value-of select="$values/@details"/>
        </textarea>
      </div>

      <!-- First note -->
      <div>
        <xsl:call-template name="field-class"><xsl:with-param name="field" select="'first_note'"/></xsl:call-template>
        <label class="field__label" for="f-first_note">First note (optional)</label>
        <p class="field__hint" id="f-first_note-hint">Anything else the service desk should know, such as when you are available.</p>
        <xsl:call-template name="field-error"><xsl:with-param name="errors" select="$errors"/><xsl:with-param name="prefix" select="$p"/><xsl:with-param name="field" select="'first_note'"/></xsl:call-template>
        <textarea class="input textarea" id="f-first_note" name="first_note" rows="4" maxlength="20000">
          <xsl:call-template name="described-by">
            <xsl:with-param name="errors" select="$errors"/>
            <xsl:with-param name="prefix" select="$p"/>
            <xsl:with-param name="field" select="'first_note'"/>
            <xsl:with-param name="hint" select="'f-first_note-hint'"/>
          </xsl:call-template>
          <xsl:text>&#10;</xsl:text>
          <xsl:value-of select="$values/@first_note"/>
        </textarea>
      </div>

      <!-- Files: one multipart form, no JavaScript needed.  A browser
           never keeps a file input's choice across pages, so when the form
           comes back the error says to choose them again. -->
      <div>
        <xsl:call-template name="field-class"><xsl:with-param name="field" select="'file'"/></xsl:call-template>
      <fieldset class="fieldset" aria-describedby="f-file-hint">
        <legend class="fieldset__legend">Add attachment (optional)</legend>
        <p class="field__hint" id="f-file-hint">
          <xsl:text>A screenshot or a document that shows the problem: up to </xsl:text>
          <xsl:value-of select="@max-files"/>
          <xsl:text> files at once, each at most </xsl:text>
          <xsl:call-template name="attachment-size"><xsl:with-param name="n" select="@max-size"/></xsl:call-template>
          <xsl:text>.</xsl:text>
        </p>
        <xsl:call-template name="field-error"><xsl:with-param name="errors" select="$errors"/><xsl:with-param name="prefix" select="$p"/><xsl:with-param name="field" select="'file'"/></xsl:call-template>
        <div>
          <xsl:call-template name="field-class"><xsl:with-param name="field" select="'description'"/></xsl:call-template>
          <label class="field__label" for="f-description">Description</label>
          <xsl:call-template name="field-error"><xsl:with-param name="errors" select="$errors"/><xsl:with-param name="prefix" select="$p"/><xsl:with-param name="field" select="'description'"/></xsl:call-template>
          <input class="input" id="f-description" name="description" type="text" value="{$values/@description}" maxlength="500" autocomplete="off">
            <xsl:call-template name="described-by">
              <xsl:with-param name="errors" select="$errors"/>
              <xsl:with-param name="prefix" select="$p"/>
              <xsl:with-param name="field" select="'description'"/>
            </xsl:call-template>
          </input>
        </div>
        <label class="field__label" for="f-file">Files</label>
        <input class="input" id="f-file" name="file" type="file" multiple="">
          <xsl:call-template name="described-by">
            <xsl:with-param name="errors" select="$errors"/>
            <xsl:with-param name="prefix" select="$p"/>
            <xsl:with-param name="field" select="'file'"/>
            <xsl:with-param name="hint" select="'f-file-hint'"/>
          </xsl:call-template>
        </input>
      </fieldset>
      </div>

      <!-- Who can see it: by default what the service says (payslips and
           passwords are private), stated here; either way by choice. -->
      <xsl:variable name="org">
        <xsl:choose>
          <xsl:when test="normalize-space(requester/@organisation)"><xsl:value-of select="requester/@organisation"/></xsl:when>
          <xsl:when test="normalize-space($user/@organisation)"><xsl:value-of select="$user/@organisation"/></xsl:when>
          <xsl:otherwise>your organisation</xsl:otherwise>
        </xsl:choose>
      </xsl:variable>
      <xsl:variable name="private" select="services/service[@shared = 'false']"/>
      <div>
        <xsl:call-template name="field-class"><xsl:with-param name="field" select="'shared'"/></xsl:call-template>
        <fieldset class="fieldset" aria-describedby="f-shared-hint">
        <legend class="fieldset__legend">Who can see this ticket?</legend>
        <p class="field__hint" id="f-shared-hint">
          <xsl:text>You, the person it is for and the service desk always can. </xsl:text>
          <xsl:choose>
            <xsl:when test="$private">
              <xsl:text>Unless you choose otherwise, tickets about </xsl:text>
              <xsl:for-each select="$private">
                <xsl:if test="position() &gt; 1 and position() = last()"> and </xsl:if>
                <xsl:if test="position() &gt; 1 and position() != last()">, </xsl:if>
                <xsl:value-of select="@name"/>
              </xsl:for-each>
              <xsl:text> are private; all others are shared with colleagues in </xsl:text>
              <xsl:value-of select="$org"/>
              <xsl:text>.</xsl:text>
            </xsl:when>
            <xsl:otherwise>
              <xsl:text>Unless you choose otherwise, colleagues in </xsl:text>
              <xsl:value-of select="$org"/>
              <xsl:text> can see it too and follow its progress.</xsl:text>
            </xsl:otherwise>
          </xsl:choose>
        </p>
        <xsl:call-template name="field-error"><xsl:with-param name="errors" select="$errors"/><xsl:with-param name="prefix" select="$p"/><xsl:with-param name="field" select="'shared'"/></xsl:call-template>
        <div class="choices">
        <xsl:call-template name="shared-choice">
          <xsl:with-param name="value" select="''"/>
          <xsl:with-param name="id" select="'f-shared-default'"/>
          <xsl:with-param name="checked" select="not($values/@shared = 'true' or $values/@shared = 'false')"/>
          <xsl:with-param name="label" select="'As usual for the service'"/>
        </xsl:call-template>
        <xsl:call-template name="shared-choice">
          <xsl:with-param name="value" select="'1'"/>
          <xsl:with-param name="id" select="'f-shared'"/>
          <xsl:with-param name="checked" select="$values/@shared = 'true'"/>
          <xsl:with-param name="label" select="concat('Share with colleagues in ', $org)"/>
        </xsl:call-template>
        <xsl:call-template name="shared-choice">
          <xsl:with-param name="value" select="'0'"/>
          <xsl:with-param name="id" select="'f-shared-private'"/>
          <xsl:with-param name="checked" select="$values/@shared = 'false'"/>
          <xsl:with-param name="label" select="'Private: only the people on the ticket and the service desk'"/>
        </xsl:call-template>
        </div>
        </fieldset>
      </div>

      <div class="form__actions button-group">
        <button type="submit" class="button button--primary">Log ticket</button>
        <a class="button-link" href="{$base}/tickets">Cancel</a>
      </div>
    </form>
  </xsl:template>

  <!-- Who the ticket is for. -->
  <xsl:template match="requester" mode="aside">
    <aside class="panel form-layout__aside" aria-labelledby="requester-title">
      <h2 class="panel__title" id="requester-title">This ticket is for</h2>
      <p class="person">
        <span class="person__name">
          <xsl:choose>
            <xsl:when test="normalize-space(@name)"><xsl:value-of select="@name"/></xsl:when>
            <xsl:otherwise><xsl:value-of select="@login"/></xsl:otherwise>
          </xsl:choose>
        </span>
        <xsl:if test="normalize-space(@organisation)">
          <span class="person__meta"><xsl:value-of select="@organisation"/></span>
        </xsl:if>
      </p>
      <dl class="details details--compact">
        <xsl:if test="normalize-space(@mail)">
          <div class="details__row">
            <dt>E-mail</dt>
            <dd><xsl:value-of select="@mail"/></dd>
          </div>
        </xsl:if>
        <xsl:if test="normalize-space(@phone)">
          <div class="details__row">
            <dt>Phone</dt>
            <dd><xsl:value-of select="@phone"/></dd>
          </div>
        </xsl:if>
      </dl>
      <p class="aside-note">The service desk will contact this person about the ticket. To log it for a colleague, enter their login under “On behalf of”.</p>
    </aside>
  </xsl:template>

  <!-- The class of a field's wrapper: "field", plus the error modifier when it has an error. -->
  <xsl:template name="field-class">
    <xsl:param name="field"/>
    <xsl:attribute name="class">
      <xsl:text>field</xsl:text>
      <xsl:if test="$errors[normalize-space(@field) = $field]"> field--error</xsl:if>
    </xsl:attribute>
  </xsl:template>

  <xsl:template name="radio">
    <xsl:param name="id"/>
    <xsl:param name="value"/>
    <xsl:param name="label"/>
    <div class="choice">
      <input class="choice__input" id="{$id}" name="kind" type="radio" value="{$value}" required="">
        <xsl:if test="$values/@kind = $value">
          <xsl:attribute name="checked">checked</xsl:attribute>
        </xsl:if>
      </input>
      <label class="choice__label" for="{$id}"><xsl:value-of select="$label"/></label>
    </div>
  </xsl:template>

  <xsl:template name="shared-choice">
    <xsl:param name="value"/>
    <xsl:param name="id"/>
    <xsl:param name="checked"/>
    <xsl:param name="label"/>
    <div class="choice">
      <input class="choice__input" id="{$id}" name="shared" type="radio" value="{$value}">
        <xsl:if test="$checked">
          <xsl:attribute name="checked">checked</xsl:attribute>
        </xsl:if>
      </input>
      <label class="choice__label" for="{$id}"><xsl:value-of select="$label"/></label>
    </div>
  </xsl:template>
</xsl:stylesheet>
