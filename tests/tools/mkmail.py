#!/usr/bin/env python3
"""mkmail.py KIND JSON: writes on stdout a mail of the given KIND that
carries the invitation in the file JSON (or breaks it on purpose), for
invopen's tests. Each kind is one case of hardening.md; see KINDS."""
import base64
import quopri
import sys

INV = 'application/vnd.hail.invitation+json'


def b64(data):
    s = base64.b64encode(data).decode()
    return '\n'.join(s[i:i + 76] for i in range(0, len(s), 76)) + '\n'


def head(extra=''):
    return ('From: Alice <alice@example.org>\nTo: bob@example.net\n'
            'Subject: an invitation\nMIME-Version: 1.0\n' + extra)


def inv_part(js, b='b', cte='base64', body=None, ctype=INV):
    if body is None:
        body = b64(js) if cte == 'base64' else \
            quopri.encodestring(js).decode() if cte == 'quoted-printable' \
            else js.decode() + '\n'
    return ('--%s\nContent-Type: %s\nContent-Transfer-Encoding: %s\n\n%s'
            % (b, ctype, cte, body))


def text_part(b='b', text='hello\n'):
    return '--%s\nContent-Type: text/plain; charset=utf-8\n\n%s' % (b, text)


def mixed(parts, b='b', close=True):
    return (head('Content-Type: multipart/mixed; boundary="%s"\n\n' % b) +
            'preamble\n' + ''.join(parts) + ('--%s--\n' % b if close else ''))


def plain(js):
    return mixed([text_part(), inv_part(js)])


def kinds(js):
    good = plain(js)
    k = {}
    k['plain'] = lambda: good
    k['crlf'] = lambda: good.replace('\n', '\r\n')
    k['mbox'] = lambda: 'From alice@example.org Wed Nov 25 09:00:00 2026\n' \
        + good
    k['8bit'] = lambda: mixed([inv_part(js, cte='8bit')])
    k['qp'] = lambda: mixed([inv_part(js, cte='quoted-printable')])
    k['alone'] = lambda: head('Content-Type: %s\n'
                              'Content-Transfer-Encoding: base64\n\n' % INV) \
        + b64(js)
    k['two'] = lambda: mixed([inv_part(js), inv_part(js)])
    k['forwarded'] = lambda: mixed([
        text_part(), '--b\nContent-Type: message/rfc822\n\n' +
        mixed([inv_part(js, b='c')], b='c')])
    k['truncated'] = lambda: good[:good.index(INV) + 120]
    k['noclose'] = lambda: mixed([text_part(), inv_part(js)], close=False)
    k['dupct'] = lambda: mixed([
        '--b\nContent-Type: %s\nContent-Type: text/plain\n'
        'Content-Transfer-Encoding: base64\n\n%s' % (INV, b64(js))])
    k['sibling-dupct'] = lambda: mixed([inv_part(js),
        '--b\nContent-Type: text/plain\nContent-Type: %s\n'
        'Content-Transfer-Encoding: base64\n\n%s' % (INV, b64(js))])
    k['sibling-badparam'] = lambda: mixed([inv_part(js),
        '--b\nContent-Type: %s; charset=utf-8; charset=x\n'
        'Content-Transfer-Encoding: base64\n\n%s' % (INV, b64(js))])
    k['dupcte'] = lambda: mixed([
        '--b\nContent-Type: %s\nContent-Transfer-Encoding: base64\n'
        'Content-Transfer-Encoding: 8bit\n\n%s' % (INV, b64(js))])
    k['spacedname'] = lambda: mixed([
        '--b\nContent-Type : %s\nContent-Transfer-Encoding: base64\n\n%s'
        % (INV, b64(js))])
    k['headers50k'] = lambda: head('X-Filler: x\n' * 50000) + \
        'Content-Type: multipart/mixed; boundary="b"\n\n' + \
        inv_part(js) + '--b--\n'
    k['bigjson'] = lambda: mixed([inv_part(
        js.rstrip(b'}\n') + b',"pad":"' + b'x' * (10 << 20) + b'"}\n')])
    k['dupouter'] = lambda: head(
        'Content-Type: multipart/mixed; boundary="b"\n'
        'Content-Type: multipart/mixed; boundary="c"\n\n') + \
        inv_part(js) + '--b--\n'
    k['badb64'] = lambda: mixed([inv_part(js, body='*' + b64(js))])
    def len1mod4():
        s = base64.b64encode(js).decode().rstrip('=')
        s += 'A' * ((1 - len(s)) % 4)
        return mixed([inv_part(js, body='\n'.join(
            s[i:i + 76] for i in range(0, len(s), 76)) + '\n')])
    k['len1mod4'] = len1mod4
    k['badqp-other'] = lambda: mixed([
        '--b\nContent-Type: text/plain\nContent-Transfer-Encoding: '
        'quoted-printable\n\nbroken =ZZ and =\n', inv_part(js)])
    k['bad2047'] = lambda: good.replace(
        'Subject: an invitation',
        'Subject: =?UTF-8?B?bad padding?= =?x?q?=?= =?UTF-8?Q?a=0Ab?=')
    k['empty'] = lambda: mixed([inv_part(b'')])
    k['boundary-in-base64'] = lambda: mixed([inv_part(
        js, body=b64(js)[:40] + '\n--b\n' + b64(js)[40:])])
    k['cte-on-multipart'] = lambda: head(
        'Content-Type: multipart/mixed; boundary="b"\n'
        'Content-Transfer-Encoding: base64\n\n') + inv_part(js) + '--b--\n'
    k['noblank'] = lambda: head('Content-Type: multipart/mixed; '
                                'boundary="b"\nnot a header line\n') + \
        inv_part(js) + '--b--\n'
    k['prefix-boundary'] = lambda: head(
        'Content-Type: multipart/mixed; boundary="b"\n\n') + \
        '--b\nContent-Type: multipart/alternative; boundary="bb"\n\n' + \
        inv_part(js, b='bb') + '--bb--\n--b--\n'

    def many():
        return mixed([text_part(text='x\n')] * 10000 + [inv_part(js)])
    k['manyparts'] = many

    def deep():
        out = head()
        for i in range(1000):
            out += 'Content-Type: multipart/mixed; boundary="d%d"\n\n' \
                '--d%d\n' % (i, i)
        return out + 'Content-Type: %s\nContent-Transfer-Encoding: ' \
            'base64\n\n%s' % (INV, b64(js))
    k['deep'] = deep

    def big():
        chunk = b64(bytes(range(256)) * 3)   # 1,024 base64 lines of 76
        att = chunk * (50 * 1024 * 1024 // len(chunk) // 1)
        return mixed(['--b\nContent-Type: application/octet-stream\n'
                      'Content-Transfer-Encoding: base64\n\n' + att,
                      inv_part(js)])
    k['big'] = big
    return k


def main():
    kind, path = sys.argv[1], sys.argv[2]
    with open(path, 'rb') as f:
        js = f.read()
    mail = kinds(js)[kind]()
    sys.stdout.buffer.write(mail.encode())


main()
