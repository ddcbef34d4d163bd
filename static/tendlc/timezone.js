// The browser's time zone, kept in a cookie for the server (portal/timezones.py), so the admin shows times
// where the user is. A static file: the Content-Security-Policy allows no inline script.
(function () {
  "use strict";
  var zone;
  try {
    zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  } catch (error) {
    return;
  }
  if (!zone) return;
  var name = "tendlc_tz";
  var value = zone;  // letters, "/", "_", "-", "+": all allowed in a cookie as they are
  if (document.cookie.split("; ").indexOf(name + "=" + value) !== -1) return;
  var secure = window.location.protocol === "https:" ? "; Secure" : "";
  // From the next page on: this one is not drawn again, so nothing typed in it is lost.
  document.cookie = name + "=" + value + "; Path=/; Max-Age=31536000; SameSite=Lax" + secure;
})();
