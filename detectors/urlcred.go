package detectors

import (
	"fmt"
	"strings"

	sitter "github.com/smacker/go-tree-sitter"
)

// urlCredFamily is the credential-in-URL family: TL104.
func urlCredFamily() family {
	return family{
		rules: []Rule{{
			ID: "TL104", Name: "credential-in-url", Severity: SeverityError,
			CWE: []string{"CWE-798", "CWE-522"}, Families: allFamilies,
			Summary: "A connection string or URL (postgres, mysql, mongodb, redis, amqp, smtp, ftp, http basic auth) carrying an inline password; local hosts at warning.",
		}},
		checkers: []checker{{rule: "TL104", kinds: stringKinds, visit: visitURLCredential}},
	}
}

// visitURLCredential reports the first connection string with an inline
// password in a string literal's text (TL104). The fix reads the whole URL
// from the environment, or drops the literal default of an environment
// lookup (`process.env.DATABASE_URL || "postgres://…"`).
func visitURLCredential(p *Pass, n *sitter.Node) {
	lit, ok := ParseStringLit(p.Unit, n)
	if !ok {
		return
	}
	for _, fr := range lit.Fragments {
		text := string(p.Src[fr.Start:fr.End])
		if !strings.Contains(text, "@") {
			continue
		}
		for _, c := range findURLCreds(text) {
			sev, ok := c.verdict(p.IsTestFile())
			if !ok {
				continue
			}
			reportURLCred(p, lit, fr, c, sev)
			return
		}
	}
}

// reportURLCred reports one URL credential found in fragment fr of lit.
func reportURLCred(p *Pass, lit StringLit, fr Span, c urlCred, sev Severity) {
	pass := c.Password
	host := c.Host
	if host == "" {
		host = "an interpolated host"
	}
	f := Finding{
		Start: lit.Start, End: lit.End, Severity: sev,
		Message: fmt.Sprintf("%s URL for %s carries an inline password%s: read the whole URL from the environment",
			c.Scheme, clip(host), paren(redact(pass))),
	}
	var t credTarget
	if resolve := targetResolvers[p.Lang.Family()]; resolve != nil {
		t, _ = resolve(p.Unit, lit.Node)
	}
	span := Span{fr.Start + c.Start, fr.Start + c.End}
	// A URL running into an interpolation (`…@${host}/db`) cannot be
	// replaced as a whole.
	intoHole := c.End == len(p.Src[fr.Start:fr.End]) && fr.End != lit.ContentEnd
	switch {
	case t.Fallback && t.Env != "":
		f.Message = fmt.Sprintf("Hardcoded fallback for `%s`: a %s URL for %s with an inline password%s; fail when the variable is unset instead",
			clip(t.Env), c.Scheme, clip(host), paren(redact(pass)))
		if fix, ok := fallbackFix(p.Unit, t.FallbackExpr, t.Env); ok {
			f.Fixes = append(f.Fixes, fix)
		}
	case !intoHole:
		if fix, ok := envFix(p.Unit, lit, span, urlEnvName(c.Scheme, t.Name)); ok {
			f.Fixes = append(f.Fixes, fix)
		}
	}
	p.Report(f)
}

// urlSchemeEnv maps a URL scheme to the environment variable its fix reads.
var urlSchemeEnv = map[string]string{
	"postgres": "DATABASE_URL", "postgresql": "DATABASE_URL", "mysql": "DATABASE_URL",
	"mariadb": "DATABASE_URL", "mssql": "DATABASE_URL", "sqlserver": "DATABASE_URL",
	"cockroachdb": "DATABASE_URL",
	"mongodb":     "MONGODB_URI", "mongodb+srv": "MONGODB_URI",
	"redis": "REDIS_URL", "rediss": "REDIS_URL",
	"amqp": "AMQP_URL", "amqps": "AMQP_URL",
	"smtp": "SMTP_URL", "smtps": "SMTP_URL",
	"ftp": "FTP_URL", "ftps": "FTP_URL", "sftp": "FTP_URL",
	"http": "API_URL", "https": "API_URL",
}

// urlEnvName picks the variable the fix reads: the target's own name when
// it is already an environment-style URL name (REPLICA_DATABASE_URL,
// SQLALCHEMY_DATABASE_URI), a URL-named target for http(s) (webhookUrl →
// WEBHOOK_URL), else the scheme's conventional name.
func urlEnvName(scheme, target string) string {
	words := splitWords(target)
	urlNamed := len(words) >= 2 && (words[len(words)-1] == "url" || words[len(words)-1] == "uri" ||
		words[len(words)-1] == "dsn" || words[len(words)-1] == "endpoint")
	if urlNamed && (isEnvVarName(target) || scheme == "http" || scheme == "https") {
		return EnvName(target)
	}
	if env, ok := urlSchemeEnv[scheme]; ok {
		return env
	}
	return "DATABASE_URL"
}
