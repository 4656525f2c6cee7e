<?xml version="1.0" encoding="UTF-8"?>
<!--
  desk-mail.xsl - mail the portal could not deliver (GET /helpdesk/desk/mail,
  agents only): messages still being retried after a failure, and dead
  ones (refused by the server, or failed HelpdeskMailMaxAttempts times),
  each with the server's last words and a button to send it again.
  Input: /helpdesk/undelivered @sending @retried (the id just sent again);
  messages/message @id @to @subject @state (queued|dead) @attempts @error
  @queued-at @next-attempt-at @retry @retry-csrf.
-->
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform">

  <xsl:import href="layout.xsl"/>

  <xsl:template match="/helpdesk" mode="title">Undelivered mail</xsl:template>

  <xsl:template match="/helpdesk" mode="content">
    <xsl:apply-templates select="undelivered"/>
  </xsl:template>

  <xsl:template match="undelivered">
    <div class="page-header">
      <h1 class="page-title">Undelivered mail</h1>
      <p class="lead">Mail the mail server has not taken yet. Waiting messages are tried again by themselves, each time a little later; dead ones wait for you.</p>
    </div>

    <xsl:if test="normalize-space(@retried) != ''">
      <div class="notice notice--success" role="status">
        <p class="notice__text">The message will be sent again within seconds.</p>
      </div>
    </xsl:if>

    <xsl:choose>
      <xsl:when test="messages/message">
        <div class="table-wrap" role="region" aria-labelledby="mail-caption" tabindex="0">
          <table class="ticket-table">
            <caption id="mail-caption">Messages not delivered</caption>
            <thead>
              <tr>
                <th scope="col">To</th>
                <th scope="col">Subject</th>
                <th scope="col">State</th>
                <th scope="col">Tries</th>
                <th scope="col">Last error</th>
                <th scope="col"><span class="visually-hidden">Action</span></th>
              </tr>
            </thead>
            <tbody>
              <xsl:for-each select="messages/message">
                <tr>
                  <td><xsl:value-of select="@to"/></td>
                  <td><xsl:value-of select="@subject"/></td>
                  <td>
                    <xsl:choose>
                      <xsl:when test="@state = 'dead'">Given up</xsl:when>
                      <xsl:otherwise>Next try <xsl:value-of select="substring(@next-attempt-at, 1, 19)"/></xsl:otherwise>
                    </xsl:choose>
                  </td>
                  <td><xsl:value-of select="@attempts"/></td>
                  <td><xsl:value-of select="@error"/></td>
                  <td>
                    <form method="post" action="{@retry}">
                      <input type="hidden" name="csrf" value="{@retry-csrf}"/>
                      <button type="submit" class="button button--secondary">Send again</button>
                    </form>
                  </td>
                </tr>
              </xsl:for-each>
            </tbody>
          </table>
        </div>
      </xsl:when>
      <xsl:otherwise>
        <p>Every message has been delivered.</p>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

</xsl:stylesheet>
