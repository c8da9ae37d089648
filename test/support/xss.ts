/** Examples from the OWASP XSS Filter Evasion Cheat Sheet, as comment text, names and titles. */
export const OWASP_XSS = [
  '<script>alert(1)</script>',
  '<IMG SRC="javascript:alert(\'XSS\');">',
  '<img src=x onerror=alert(1)>',
  '<svg/onload=alert(1)>',
  '<a href="http://x" onmouseover="alert(1)">x</a>',
  '<iframe src=javascript:alert(1)>',
  '<<SCRIPT>alert("XSS");//<</SCRIPT>',
  '<BODY ONLOAD=alert(1)>',
  '"><script>alert(1)</script>',
  '[click](javascript:alert(1))',
  '[click](JaVaScRiPt:alert(1))',
  '[click](&#106;avascript:alert(1))',
  '[click](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)',
  '![x](x" onerror="alert(1))',
  '<IMG SRC=&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;&#97;&#108;&#101;&#114;&#116;&#40;&#39;&#88;&#83;&#83;&#39;&#41;>',
];
