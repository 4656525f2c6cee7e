<?xml version="1.0" encoding="UTF-8"?>
<!--
  account-notifications.xsl - which mail a person wants
  (GET /helpdesk/account/notifications): a checkbox per kind of
  notification (all ticked until they choose), and for agents the teams
  whose new tickets they hear of.  One form, one button.
  Input: /helpdesk/notifications @action @csrf @mail (their address, as the
  directory has it) @sending (false: the portal sends no mail at all)
  @saved; topics/topic @code @label @wanted; teams/team @code @name
  @member (agents only).
-->
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform">

  <xsl:import href="layout.xsl"/>

  <xsl:template match="/helpdesk" mode="title">Mail you get</xsl:template>

  <xsl:template match="/helpdesk" mode="content">
    <xsl:apply-templates select="notifications"/>
  </xsl:template>

  <xsl:template match="notifications">
    <div class="page-header">
      <h1 class="page-title">Mail you get</h1>
      <p class="lead">
        <xsl:choose>
          <xsl:when test="normalize-space(@mail) != ''">
            <xsl:text>The help desk writes to </xsl:text>
            <strong><xsl:value-of select="@mail"/></strong>
            <xsl:text> (your address in the staff directory).</xsl:text>
          </xsl:when>
          <xsl:otherwise>The staff directory has no e-mail address for you, so the help desk cannot write to you.</xsl:otherwise>
        </xsl:choose>
      </p>
    </div>

    <xsl:if test="@saved = 'true'">
      <div class="notice notice--success" role="status">
        <p class="notice__text">Your choices are saved.</p>
      </div>
    </xsl:if>
    <xsl:if test="@sending = 'false'">
      <div class="notice" role="note">
        <p class="notice__text">This portal is not set up to send mail yet; your choices apply once it is.</p>
      </div>
    </xsl:if>

    <form class="form" method="post" action="{@action}">
      <input type="hidden" name="csrf" value="{@csrf}"/>
      <fieldset class="fieldset">
        <legend class="fieldset__legend">Send me mail about</legend>
        <div class="choices">
          <xsl:for-each select="topics/topic">
            <div class="choice">
              <input class="choice__input" id="topic-{@code}" name="topic" type="checkbox" value="{@code}">
                <xsl:if test="@wanted = 'true'">
                  <xsl:attribute name="checked">checked</xsl:attribute>
                </xsl:if>
              </input>
              <label class="choice__label" for="topic-{@code}"><xsl:value-of select="@label"/></label>
            </div>
          </xsl:for-each>
        </div>
      </fieldset>
      <xsl:if test="teams">
        <fieldset class="fieldset">
          <legend class="fieldset__legend">Teams I work for (their new tickets)</legend>
          <div class="choices">
            <xsl:for-each select="teams/team">
              <div class="choice">
                <input class="choice__input" id="team-{@code}" name="team" type="checkbox" value="{@code}">
                  <xsl:if test="@member = 'true'">
                    <xsl:attribute name="checked">checked</xsl:attribute>
                  </xsl:if>
                </input>
                <label class="choice__label" for="team-{@code}"><xsl:value-of select="@name"/></label>
              </div>
            </xsl:for-each>
          </div>
        </fieldset>
      </xsl:if>
      <div class="form__actions">
        <button type="submit" class="button button--primary">Save my choices</button>
      </div>
    </form>
  </xsl:template>

</xsl:stylesheet>
