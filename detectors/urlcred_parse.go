package detectors

import (
	"net"
	"strings"
)

// urlCred is a URL (or Go MySQL DSN) with a user and password in its
// authority, found in a text. Offsets are relative to that text.
type urlCred struct {
	// Start and End bound the whole URL.
	Start, End int
	// Scheme is the lower-case scheme without a driver suffix
	// ("postgresql+psycopg2" gives "postgresql").
	Scheme         string
	User, Password string
	// Host is the first host of the authority, without port.
	Host string
}

// maxURLCreds bounds the URLs read from one text.
const maxURLCreds = 16

// urlCredSchemes are the schemes whose user:password authority is a
// credential this rule reports.
var urlCredSchemes = map[string]bool{
	"postgres": true, "postgresql": true, "mysql": true, "mariadb": true,
	"mssql": true, "sqlserver": true, "cockroachdb": true,
	"mongodb": true, "mongodb+srv": true, "redis": true, "rediss": true,
	"amqp": true, "amqps": true, "smtp": true, "smtps": true,
	"ftp": true, "ftps": true, "sftp": true, "http": true, "https": true,
}

// urlStops end a URL written in running text.
const urlStops = " \t\r\n\"'`"

// findURLCreds returns the URLs of text with a password in their
// authority: scheme://user:password@host…, and the Go MySQL driver's
// user:password@tcp(host)/db.
func findURLCreds(text string) []urlCred {
	var out []urlCred
	for pos := 0; pos < len(text) && len(out) < maxURLCreds; {
		i := strings.Index(text[pos:], "://")
		if i < 0 {
			break
		}
		i += pos
		pos = i + 3
		s := i
		for s > 0 && isSchemeByte(text[s-1]) {
			s--
		}
		scheme := strings.ToLower(text[s:i])
		if !urlCredSchemes[scheme] {
			if base, _, ok := strings.Cut(scheme, "+"); ok && urlCredSchemes[base] {
				scheme = base // postgresql+psycopg2, mysql+pymysql
			} else {
				continue
			}
		}
		end := i + 3
		for end < len(text) && !strings.ContainsRune(urlStops, rune(text[end])) {
			end++
		}
		authEnd := i + 3
		// A password may hold an unencoded '#' or '?': the authority runs
		// to the first '/', and the host part stops at '?' or '#'.
		for authEnd < end && text[authEnd] != '/' {
			authEnd++
		}
		auth := text[i+3 : authEnd]
		at := strings.LastIndexByte(auth, '@')
		if at < 0 {
			continue
		}
		user, pass, ok := strings.Cut(auth[:at], ":")
		if !ok {
			continue
		}
		hostPart := auth[at+1:]
		if k := strings.IndexAny(hostPart, "?#"); k >= 0 {
			hostPart = hostPart[:k]
		}
		if strings.ContainsAny(user, "?#") {
			continue
		}
		out = append(out, urlCred{Start: s, End: end, Scheme: scheme, User: user, Password: pass, Host: urlHost(hostPart)})
		pos = end
	}
	if len(out) == 0 {
		out = append(out, findMySQLDSNs(text)...)
	}
	return out
}

// findMySQLDSNs finds go-sql-driver/mysql DSNs:
// user:password@tcp(host:port)/db and user:password@unix(/path)/db.
func findMySQLDSNs(text string) []urlCred {
	var out []urlCred
	for pos := 0; pos < len(text) && len(out) < maxURLCreds; {
		i := strings.Index(text[pos:], "@tcp(")
		if j := strings.Index(text[pos:], "@unix("); j >= 0 && (i < 0 || j < i) {
			i = j
		}
		if i < 0 {
			break
		}
		i += pos
		open := i + strings.IndexByte(text[i:], '(')
		pos = open + 1
		s := i
		for s > 0 && !strings.ContainsRune(urlStops+"=", rune(text[s-1])) {
			s--
		}
		closeIdx := strings.IndexByte(text[open:], ')')
		if closeIdx < 0 {
			continue
		}
		end := open + closeIdx + 1
		for end < len(text) && !strings.ContainsRune(urlStops, rune(text[end])) {
			end++
		}
		user, pass, ok := strings.Cut(text[s:i], ":")
		if !ok {
			continue
		}
		host := urlHost(text[open+1 : open+closeIdx])
		if strings.HasPrefix(text[i:], "@unix(") {
			host = "localhost"
		}
		out = append(out, urlCred{Start: s, End: end, Scheme: "mysql", User: user, Password: pass, Host: host})
		pos = end
	}
	return out
}

func isSchemeByte(c byte) bool { return isAlnum(c) || c == '+' || c == '-' || c == '.' }

// urlHost returns the first host of an authority's host part, without
// port: "h1:27017,h2:27017" gives "h1", "[::1]:5432" gives "::1".
func urlHost(hostport string) string {
	if i := strings.IndexByte(hostport, ','); i >= 0 {
		hostport = hostport[:i]
	}
	if h, _, err := net.SplitHostPort(hostport); err == nil {
		return h
	}
	return strings.Trim(hostport, "[]")
}

// verdict says whether a URL credential is reported and at which
// severity: templates, placeholders and documentation hosts are not; a
// local or single-label (container) host is reported at warning unless
// its password is a well-known development default, and not in tests.
func (c urlCred) verdict(testFile bool) (Severity, bool) {
	if c.Password == "" || isTemplateValue(c.Password) || isTemplateValue(c.User) || isPlaceholderPassword(c.Password) {
		return 0, false
	}
	host := strings.ToLower(c.Host)
	if host == "" || isTemplateValue(host) {
		// The host is an interpolation; the password is still literal.
		return SeverityError, true
	}
	if isDocHost(host) {
		return 0, false
	}
	if isLocalHost(host) || !strings.Contains(host, ".") {
		lp := strings.ToLower(c.Password)
		if testFile || lp == strings.ToLower(c.User) || devDefaultPasswords[lp] || len(c.Password) < 6 {
			return 0, false
		}
		return SeverityWarning, true
	}
	return SeverityError, true
}

// isTemplateValue reports whether v is a template slot or format verb
// rather than a value: ${VAR}, {{var}}, {}, %s, %(name)s, <password>,
// $PASSWORD, [password], :password.
func isTemplateValue(v string) bool {
	if v == "" {
		return false
	}
	for _, m := range []string{"${", "{", "}", "%s", "%v", "%(", "<", ">", "$(", "[", "]"} {
		if strings.Contains(v, m) {
			return true
		}
	}
	if len(v) <= 3 && v[0] == '%' {
		return true // %d, %q
	}
	return v[0] == '$' || v[0] == ':'
}

// placeholderPasswords are passwords written as stand-ins in examples.
var placeholderPasswords = map[string]bool{
	"password": true, "pass": true, "passwd": true, "pwd": true, "pw": true,
	"secret": true, "changeme": true, "change_me": true, "change-me": true,
	"mypassword": true, "yourpassword": true, "mysecretpassword": true,
	"dbpassword": true, "db_password": true, "db-password": true, "userpassword": true,
	"user_password": true, "your_password": true, "your-password": true,
	"pass123": true, "password123": true, "secret123": true, "p@ssw0rd": true,
	"passw0rd": true, "username": true, "user": true, "token": true, "apikey": true,
	"api_key": true, "key": true, "foo": true, "bar": true, "foobar": true,
	"xxx": true, "***": true, "…": true, "...": true,
}

// devDefaultPasswords are container images' and tutorials' development
// passwords, not secrets on a local host.
var devDefaultPasswords = map[string]bool{
	"postgres": true, "root": true, "admin": true, "guest": true, "test": true,
	"dev": true, "development": true, "mysql": true, "redis": true, "mongo": true,
	"rabbitmq": true, "local": true, "docker": true, "toor": true, "app": true,
	"example": true, "123456": true, "12345678": true, "qwerty": true, "default": true,
}

// isPlaceholderPassword reports whether a URL's password is a stand-in:
// a word like "password" or "changeme", a masked run (****, xxxx, •••),
// an environment variable name or a marked placeholder.
func isPlaceholderPassword(p string) bool {
	lower := strings.ToLower(p)
	if placeholderPasswords[lower] || placeholderValues[lower] || isEnvVarName(p) {
		return true
	}
	if strings.Trim(lower, "*x•.…#-_") == "" {
		return true
	}
	for _, m := range []string{"example", "your", "replace", "changeme", "change_me", "dummy", "fake", "sample", "redacted", "placeholder", "insert", "xxx", "***", "...", "…", "•", "todo", "fixme"} {
		if strings.Contains(lower, m) {
			return true
		}
	}
	return false
}

// isDocHost reports whether host is reserved for documentation (RFC 2606,
// RFC 6761) or a written placeholder.
func isDocHost(host string) bool {
	for _, d := range []string{"example.com", "example.org", "example.net"} {
		if host == d || strings.HasSuffix(host, "."+d) {
			return true
		}
	}
	for _, tld := range []string{".example", ".test", ".invalid"} {
		if strings.HasSuffix(host, tld) {
			return true
		}
	}
	switch host {
	case "host", "hostname", "server", "domain", "your-host", "db-host", "dbhost", "myhost", "example":
		return true
	}
	return strings.Contains(host, "xxx") || strings.Contains(host, "your") || strings.Contains(host, "...") ||
		strings.Contains(host, "placeholder") || strings.Contains(host, "<")
}

// isLocalHost reports whether host names this machine.
func isLocalHost(host string) bool {
	switch host {
	case "localhost", "0.0.0.0", "::1", "host.docker.internal", "::":
		return true
	}
	if strings.HasSuffix(host, ".localhost") || strings.HasSuffix(host, ".local") {
		return true
	}
	if ip := net.ParseIP(host); ip != nil {
		return ip.IsLoopback() || ip.IsUnspecified()
	}
	return false
}
