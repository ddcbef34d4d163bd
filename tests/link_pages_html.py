"""Pages as brands publish them, for the link checks' tests: each passes the check it is named for."""

PRIVACY = """<html><head><title>Privacy Policy | Acme Dental</title></head><body>
<nav><a href="/login">Sign in</a></nav>
<h1>Privacy Policy</h1>
<p>We collect your name and phone number when you book an appointment.</p>
<p>No mobile information will be shared with third parties or affiliates for marketing or promotional purposes.
All the above categories exclude text messaging originator opt-in data and consent.</p>
</body></html>"""

PRIVACY_WITHOUT_CLAUSE = """<html><head><title>Privacy Policy</title></head><body><h1>Privacy Policy</h1>
<p>We may share your information with our partners to improve our services.</p></body></html>"""

TERMS = """<html><head><title>SMS Terms</title></head><body><h1>SMS Terms and Conditions</h1>
<p>You will receive appointment reminders from Acme Dental. Message frequency varies.
Msg &amp; data rates may apply. Reply HELP for help. Reply STOP to cancel.</p></body></html>"""

TERMS_WITHOUT_KEYWORDS = """<html><head><title>Terms of Service</title></head><body><h1>Terms of Service</h1>
<p>By using this site you agree to these terms. Message and data rates may apply.</p></body></html>"""

OPT_IN = """<html><head><title>Book</title></head><body><h1>Book an appointment</h1>
<form><input name="phone"><label><input type="checkbox" name="sms"> By checking this box you agree to receive
appointment reminder text messages from Acme Dental. Msg &amp; data rates may apply. Reply STOP to opt out.</label>
</form></body></html>"""

OPT_IN_WITHOUT_CONSENT = """<html><head><title>Book</title></head><body><h1>Book an appointment</h1>
<form><input name="phone"><button>Book</button></form></body></html>"""

SIGN_IN = """<html><head><title>Sign in to your account</title></head><body><h1>Welcome back</h1>
<form><input name="email"><input type="password" name="password"></form></body></html>"""

HOME = """<html><head><title>Acme Dental</title></head><body><h1>Acme Dental</h1><p>Family dentistry.</p></body></html>"""
