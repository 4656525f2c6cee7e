# What cannot be shown is not stored, and whatever comes back -- a
# refused value, a path, an old row -- never breaks a page or the API:
# every HTML, XML and JSON answer stays well-formed.
use strict;
use warnings;
use utf8;
use Test::More;
use FindBin;
use lib "$FindBin::Bin/lib";
use HDTest;
use HTTP::Request::Common qw(POST);
use JSON::PP;
use XML::LibXML;
binmode Test::More->builder->$_, ':encoding(UTF-8)' for qw(output failure_output todo_output);

my $tag = new_tag();
my $alice = browser();
login($alice, 'alice');
my ($email) = map { $_->[0] } db_rows("SELECT id FROM services WHERE code = 'email'");

sub well_formed_xml {
    my ($res) = @_;
    return eval { XML::LibXML->load_xml(string => $res->content) };
}
sub well_formed_json {
    my ($res) = @_;
    return eval { JSON::PP->new->utf8->decode($res->content) };
}
sub count_with {
    my ($word) = @_;
    return scalar db_rows("SELECT id FROM tickets WHERE summary LIKE '%$word%' OR details LIKE '%$word%'");
}

# Posts the new-ticket form with raw, already-encoded fields.
sub post_new_raw {
    my ($encoded, $accept) = @_;
    my $token = csrf_token($alice);
    my $body = "csrf=$token&kind=incident&service=$email&team=psyIT&$encoded";
    my $req = HTTP::Request->new(POST => portal('/helpdesk/tickets/new'),
        ['Content-Type' => 'application/x-www-form-urlencoded', Accept => $accept // 'text/html'], $body);
    return no_redirects($alice, sub { $alice->request($req) });
}

subtest '%00 in a summary, details or a comment is refused, not cut short' => sub {
    my $word = new_tag();
    for my $case (["summary=Before%00after+$word&details=Fine", 'summary'],
                  ["summary=Fine+$word&details=Line%00rest", 'details']) {
        my ($fields, $field) = @$case;
        my $res = post_new_raw($fields);
        is $res->code, 400, "NUL in the $field: 400";
        like field_message($res, $field), qr/holds characters that cannot be shown/, 'said next to the field';
    }
    is count_with($word), 0, 'nothing was stored';

    my $ref = log_ticket($alice, service => $email, summary => "Nul comment $tag", details => 'Test.');
    my $token = csrf_token($alice, $ref, 'comment');
    my $req = HTTP::Request->new(POST => portal("/helpdesk/tickets/$ref/comment"),
        ['Content-Type' => 'application/x-www-form-urlencoded'], "csrf=$token&body=Keep%00cut+$word");
    my $res = no_redirects($alice, sub { $alice->request($req) });
    is $res->code, 400, 'a comment with NUL: 400';
    unlike $alice->get(portal("/helpdesk/tickets/$ref"))->decoded_content, qr/Keep/, 'and not stored, even in part';
};

subtest 'non-characters (U+FFFE, U+FFFF, U+FDD0) are refused' => sub {
    my $word = new_tag();
    for my $nc ('%EF%BF%BE', '%EF%BF%BF', '%EF%B7%90') {
        my $res = post_new_raw("summary=Bad$nc+$word&details=Fine");
        is $res->code, 400, "summary with $nc: 400";
        ok well_formed_xml(post_new_raw("summary=Bad$nc+$word&details=Fine", 'application/xml')),
            'and the XML answer, echoing it, is well-formed';
    }
    is count_with($word), 0, 'nothing was stored';
};

subtest 'values that failed validation come back without breaking the answer' => sub {
    my $word = new_tag();
    my $raw = "summary=Broken%FF%FE%01%1B+$word&details=Tab%09fine%0D%0Aand%C3%28bad";
    my $html = post_new_raw($raw);
    is $html->code, 400, 'HTML: 400';
    my $summary = form_fields($html, '//form[.//*[@name="summary"]]')->{summary} // '';
    like $summary, qr/^Broken\x{FFFD}+ \Q$word\E$/, 'the summary is echoed with U+FFFD for what cannot be shown';
    my $xml = post_new_raw($raw, 'application/xml');
    my $doc = well_formed_xml($xml);
    ok $doc, 'XML: well-formed';
    like $doc ? $doc->findvalue('//ticket-form/values/@summary') : '', qr/\x{FFFD}/, 'with the replacement character';
    ok well_formed_json(post_new_raw($raw, 'application/json')), 'JSON: valid';
    is count_with($word), 0, 'nothing was stored';
};

subtest 'an "on behalf of" login that is not text is refused before the directory sees it' => sub {
    my $word = new_tag();
    for my $bad ('al%00ice', 'al%FFice', 'ali%EF%BF%BEce') {
        my $res = post_new_raw("summary=On+behalf+$word&details=Fine&on_behalf=$bad");
        is $res->code, 400, "on_behalf=$bad: 400";
        like field_message($res, 'on_behalf'), qr/holds characters that cannot be shown/, 'said next to the field';
    }
    is count_with($word), 0, 'nothing was stored';
};

subtest 'a path with bytes that are not text still gets a well-formed 404' => sub {
    for my $path ('/helpdesk/no%FFsuch%01page', '/helpdesk/tickets/%FE%FF') {
        my $res = get_as($alice, 'xml', $path);
        is $res->code, 404, "$path: 404";
        ok well_formed_xml($res), 'XML: well-formed';
        ok well_formed_json(get_as($alice, 'json', $path)), 'JSON: valid';
        like get_as($alice, 'html', $path)->decoded_content, qr/Page not found/, 'HTML: the 404 page';
    }
};

subtest 'a row stored before these rules existed does not break the lists' => sub {
    my $ref = log_ticket($alice, service => $email, summary => "Legacy row $tag", details => 'Old.');
    my ($id) = $ref =~ /(\d+)/;
    my $db = db_session();
    $db->rows("UPDATE tickets SET summary = CONCAT(summary, X'EFBFBE', X'01') WHERE id = $id");
    $db->close;
    my $tina = browser();
    login($tina, 'tina');
    for my $path ("/helpdesk/tickets?view=all&q=$tag", "/helpdesk/tickets/$ref") {
        my $xml = get_as($tina, 'xml', $path);
        is $xml->code, 200, "$path: 200";
        ok well_formed_xml($xml), 'XML: well-formed for the whole desk';
        ok well_formed_json(get_as($tina, 'json', $path)), 'JSON: valid';
        like get_as($tina, 'html', $path)->decoded_content, qr/Legacy row \Q$tag\E\x{FFFD}/, 'HTML: shown, the bad part replaced';
    }
};

done_testing();
