<?xml version="1.0" encoding="UTF-8"?>
<!--
  mail/ticket.xsl - mail about a ticket: the confirmation of a new one,
  a reply, a status change, a proposed solution, a resolution; for agents
  a new ticket of their team, a reply or note on one assigned to them.
  Input (besides common.xsl's): /mail @kind (the activity's: created,
  comment, update, internal_note, assigned, status, resolved, cancelled,
  reopened) @topic
    ticket @ref @href @summary @status @status-name @category @kind
      @service @team @requester @logged-by @assignee @reason, details
      (plain text: only in the mail about a new ticket)
    activity @kind @author @author-login @at @new-status @old-status
      @internal, body (plain text)
    solution (plain text, when the ticket has one)
  recipient/@role: requester, logger, team, assignee.
-->
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform">

  <xsl:import href="common.xsl"/>

  <xsl:variable name="t" select="/mail/ticket"/>
  <xsl:variable name="a" select="/mail/activity"/>
  <xsl:variable name="role" select="/mail/recipient/@role"/>
  <xsl:variable name="for-agent" select="$role = 'team' or $role = 'assignee'"/>
  <xsl:variable name="proposed" select="$a/@kind = 'status' and $t/@category = 'pending' and /mail/solution and $a/@new-status = $t/@status-name"/>

  <!-- What happened, in a few words: the subject's verb. -->
  <xsl:template match="mail" mode="what">
    <xsl:choose>
      <xsl:when test="$a/@kind = 'created' and $for-agent">New ticket for <xsl:value-of select="$t/@team"/></xsl:when>
      <xsl:when test="$a/@kind = 'created'">Logged</xsl:when>
      <xsl:when test="$a/@kind = 'comment'"><xsl:value-of select="$a/@author"/> replied</xsl:when>
      <xsl:when test="$a/@kind = 'update'">The service desk replied</xsl:when>
      <xsl:when test="$a/@kind = 'internal_note'">Internal note by <xsl:value-of select="$a/@author"/></xsl:when>
      <xsl:when test="$a/@kind = 'assigned'">Assigned to you</xsl:when>
      <xsl:when test="$proposed">Solution proposed</xsl:when>
      <xsl:when test="$a/@kind = 'resolved'">Resolved</xsl:when>
      <xsl:when test="$a/@kind = 'cancelled'">Cancelled</xsl:when>
      <xsl:when test="$a/@kind = 'reopened'">Reopened</xsl:when>
      <xsl:otherwise>Now <xsl:value-of select="$t/@status-name"/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template match="mail" mode="subject">
    <xsl:value-of select="concat('[', $t/@ref, '] ')"/>
    <xsl:apply-templates select="." mode="what"/>
    <xsl:value-of select="concat(': ', $t/@summary)"/>
  </xsl:template>

  <!-- The sentence before the body. -->
  <xsl:template match="mail" mode="intro">
    <xsl:choose>
      <xsl:when test="$a/@kind = 'created' and $for-agent">
        <xsl:value-of select="concat('A new ', $t/@kind, ' for ', $t/@team, ' was logged by ', $t/@logged-by)"/>
        <xsl:if test="$t/@logged-by != $t/@requester"><xsl:value-of select="concat(' for ', $t/@requester)"/></xsl:if>
        <xsl:text>.</xsl:text>
      </xsl:when>
      <xsl:when test="$a/@kind = 'created' and $role = 'logger'">
        <xsl:value-of select="concat('You logged this ticket for ', $t/@requester, '. Its reference is ', $t/@ref, '.')"/>
      </xsl:when>
      <xsl:when test="$a/@kind = 'created'">
        <xsl:value-of select="concat('Your ticket has been logged. Its reference is ', $t/@ref, '; the service desk will pick it up soon.')"/>
        <xsl:if test="$t/@logged-by != $t/@requester"><xsl:value-of select="concat(' ', $t/@logged-by, ' logged it for you.')"/></xsl:if>
      </xsl:when>
      <xsl:when test="$a/@kind = 'comment'"><xsl:value-of select="concat($a/@author, ' added a comment:')"/></xsl:when>
      <xsl:when test="$a/@kind = 'update'"><xsl:value-of select="concat($a/@author, ' of the service desk replied:')"/></xsl:when>
      <xsl:when test="$a/@kind = 'internal_note'"><xsl:value-of select="concat($a/@author, ' added an internal note (only the service desk sees it):')"/></xsl:when>
      <xsl:when test="$a/@kind = 'assigned'"><xsl:value-of select="concat($a/@author, ' assigned this ticket to you.')"/></xsl:when>
      <xsl:when test="$proposed">The service desk has proposed a solution. If it fixed the problem, there is nothing to do: the ticket closes by itself. If not, reply to this mail or say so on the ticket's page.</xsl:when>
      <xsl:when test="$a/@kind = 'resolved'">The ticket has been resolved.</xsl:when>
      <xsl:when test="$a/@kind = 'cancelled'"><xsl:value-of select="concat('The ticket was cancelled by ', $a/@author, '.')"/></xsl:when>
      <xsl:when test="$a/@kind = 'reopened'"><xsl:value-of select="concat('The ticket was reopened by ', $a/@author, '.')"/></xsl:when>
      <xsl:otherwise>
        <xsl:text>The ticket's status changed</xsl:text>
        <xsl:if test="$a/@old-status != ''"><xsl:value-of select="concat(' from ', $a/@old-status)"/></xsl:if>
        <xsl:value-of select="concat(' to ', $t/@status-name, '.')"/>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:variable name="show-solution" select="/mail/solution and ($proposed or $a/@kind = 'resolved')"/>

  <!-- A new ticket is told by its details (and the first note, when the
       person who logged it wrote one); anything else by its entry. -->
  <xsl:variable name="words">
    <xsl:choose>
      <xsl:when test="$a/@kind = 'created'">
        <xsl:value-of select="$t/details"/>
        <xsl:if test="normalize-space($a/body) != '' and $a/body != 'Ticket logged.'">
          <xsl:value-of select="concat($nl, $nl, $a/body)"/>
        </xsl:if>
      </xsl:when>
      <xsl:otherwise><xsl:value-of select="$a/body"/></xsl:otherwise>
    </xsl:choose>
  </xsl:variable>

  <xsl:template match="mail" mode="text">
    <xsl:apply-templates select="." mode="intro"/>
    <xsl:value-of select="concat($nl, $nl)"/>
    <xsl:if test="normalize-space($words) != ''">
      <xsl:value-of select="concat($words, $nl, $nl)"/>
    </xsl:if>
    <xsl:if test="$show-solution">
      <xsl:value-of select="concat('Solution:', $nl, solution, $nl, $nl)"/>
    </xsl:if>
    <xsl:value-of select="concat('Ticket:    ', $t/@ref, ' - ', $t/@summary, $nl)"/>
    <xsl:value-of select="concat('Status:    ', $t/@status-name, $nl)"/>
    <xsl:value-of select="concat('Service:   ', $t/@service, $nl)"/>
    <xsl:if test="$for-agent">
      <xsl:value-of select="concat('Requester: ', $t/@requester, $nl)"/>
      <xsl:value-of select="concat('Team:      ', $t/@team, $nl)"/>
    </xsl:if>
    <xsl:value-of select="concat('Open it:   ', $t/@href, $nl, $nl)"/>
    <xsl:if test="$t/@category != 'cancelled'">
      <xsl:text>Reply to this mail to add to the ticket; keep the reference in the subject.</xsl:text>
      <xsl:value-of select="$nl"/>
    </xsl:if>
  </xsl:template>

  <xsl:template match="mail" mode="html">
    <p><xsl:apply-templates select="." mode="intro"/></p>
    <xsl:if test="normalize-space($words) != ''">
      <xsl:call-template name="html-text"><xsl:with-param name="text" select="$words"/></xsl:call-template>
    </xsl:if>
    <xsl:if test="$show-solution">
      <p><strong>Solution</strong></p>
      <xsl:call-template name="html-text"><xsl:with-param name="text" select="solution"/></xsl:call-template>
    </xsl:if>
    <table style="border-collapse: collapse; margin: 12px 0;" cellpadding="4">
      <tr><td style="color: #52606d;">Ticket</td><td><strong><xsl:value-of select="$t/@ref"/></strong> – <xsl:value-of select="$t/@summary"/></td></tr>
      <tr><td style="color: #52606d;">Status</td><td><xsl:value-of select="$t/@status-name"/></td></tr>
      <tr><td style="color: #52606d;">Service</td><td><xsl:value-of select="$t/@service"/></td></tr>
      <xsl:if test="$for-agent">
        <tr><td style="color: #52606d;">Requester</td><td><xsl:value-of select="$t/@requester"/></td></tr>
        <tr><td style="color: #52606d;">Team</td><td><xsl:value-of select="$t/@team"/></td></tr>
      </xsl:if>
    </table>
    <xsl:call-template name="button">
      <xsl:with-param name="href" select="$t/@href"/>
      <xsl:with-param name="label" select="concat('Open ', $t/@ref)"/>
    </xsl:call-template>
    <xsl:if test="$t/@category != 'cancelled'">
      <p style="color: #52606d; font-size: 13px;">Reply to this mail to add to the ticket; keep the reference in the subject.</p>
    </xsl:if>
  </xsl:template>

</xsl:stylesheet>
