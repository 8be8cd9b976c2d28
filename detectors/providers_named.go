package detectors

// namedProviders are token formats without a marker of their own: the
// value's shape (a UUID, 32 hex digits) is common, so it only counts as
// the provider's token when the name it is given to mentions the provider
// ("HEROKU_API_KEY", "herokuToken", "heroku_token: …"). Their match must
// consume the whole value.
var namedProviders = []*provider{
	{Name: "Heroku API key", Env: "HEROKU_API_KEY", Keywords: []string{"heroku"}, match: uuidShape},
	{Name: "Snyk API token", Env: "SNYK_TOKEN", Keywords: []string{"snyk"}, match: uuidShape},
	{Name: "Auth0 client secret", Env: "AUTH0_CLIENT_SECRET", Keywords: []string{"auth0"}, match: runBetween(isB64URL, 48, 72), mixed: true},
	{Name: "Discord bot token", Env: "DISCORD_BOT_TOKEN", Keywords: []string{"discord"}, match: seq(cls(isB64URL, 23, 28), lit("."), exactly(isB64URL, 6), lit("."), cls(isB64URL, 27, 38)), mixed: true},
	{Name: "Twilio auth token", Env: "TWILIO_AUTH_TOKEN", Keywords: []string{"twilio"}, match: runExactly(isHexLower, 32)},
	// A bot token is the bot's id, ":" and 35 characters starting with
	// "A". Ids have at most 52 significant bits (16 digits); the Bot API
	// has never issued one below five digits.
	{Name: "Telegram bot token", Env: "TELEGRAM_BOT_TOKEN", Keywords: []string{"telegram", "tgbot", "tg_bot"}, match: seq(cls(isDigit, 5, 16), lit(":A"), exactly(isB64URL, 34)), mixed: true, outline: telegramOutline},
	{Name: "Mailgun webhook signing key", Env: "MAILGUN_WEBHOOK_SIGNING_KEY", Keywords: []string{"mailgun"}, match: seq(exactly(isHexLower, 32), lit("-"), exactly(isHexLower, 8), lit("-"), exactly(isHexLower, 8))},
	{Name: "Okta API token", Env: "OKTA_API_TOKEN", Keywords: []string{"okta"}, match: seq(lit("00"), exactly(func(c byte) bool { return isB64URL(c) || c == '=' }, 40)), mixed: true},
	{Name: "Datadog API key", Env: "DD_API_KEY", Keywords: []string{"datadog", "dd_api", "ddapi"}, match: runExactly(isHexLower, 32)},
	{Name: "Datadog application key", Env: "DD_APP_KEY", Keywords: []string{"datadog", "dd_app", "ddapp"}, match: runExactly(isHexLower, 40)},
	{Name: "Algolia admin API key", Env: "ALGOLIA_ADMIN_KEY", Keywords: []string{"algolia"}, match: runExactly(isHexLower, 32)},
	{Name: "Cloudflare global API key", Env: "CLOUDFLARE_API_KEY", Keywords: []string{"cloudflare", "cf_api"}, match: runExactly(isHexLower, 37)},
	{Name: "Cloudflare API token", Env: "CLOUDFLARE_API_TOKEN", Keywords: []string{"cloudflare", "cf_api"}, match: runExactly(isB64URL, 40), mixed: true},
	{Name: "Mapbox secret token", Env: "MAPBOX_SECRET_TOKEN", Keywords: []string{"mapbox"}, match: seq(lit("sk."), atLeast(isB64URL, 60), lit("."), atLeast(isB64URL, 20)), mixed: true},
}

// telegramOutline is a bot token's outline: digits, ":" and at least
// twenty base64url characters.
func telegramOutline(v string) bool {
	d := run(v, isDigit)
	if d == 0 || d >= len(v) || v[d] != ':' {
		return false
	}
	rest := v[d+1:]
	return len(rest) >= 20 && run(rest, isB64URL) == len(rest)
}

// providerNearMiss reports whether value, given to name, has the outline
// of the token of a provider that name mentions but not its exact shape
// (a Telegram token whose bot id is four digits, or with text glued to
// its end): a near miss of a documented format, not a credential.
func providerNearMiss(name, value string) bool {
	for _, p := range namedProviders {
		if p.outline == nil || !p.outline(value) || !hasKeyword(p.Keywords, name, "") {
			continue
		}
		if n, _, _, ok := p.match(value); ok && n == len(value) {
			return false
		}
		return true
	}
	return false
}

// minNamedToken is the length of the shortest value a named provider's
// shape matches: the 32 hex digits of Twilio, Datadog and Algolia (the
// others take 36 to 84 bytes or more).
const minNamedToken = 32

// mayBeNamedToken reports whether value may have a named provider's
// shape, by its bytes alone: every shape spans at least minNamedToken
// bytes, all of base64url or ".", ":", "=" (the separators of Discord's,
// Telegram's, Mapbox's and Okta's tokens); a value shorter or holding any
// other byte (a space, a slash) matches none. TestMayBeNamedToken holds it
// to the shapes.
func mayBeNamedToken(value string) bool {
	if len(value) < minNamedToken {
		return false
	}
	for i := 0; i < len(value); i++ {
		if c := value[i]; !isB64URL(c) && c != '.' && c != ':' && c != '=' {
			return false
		}
	}
	return true
}

// matchNamed returns the named provider whose keyword occurs in name
// (any case) and whose shape is exactly value.
func matchNamed(name, value string) (*provider, bool) {
	return matchNamedLazy(func() string { return name }, value)
}

// matchNamedLazy is matchNamed with the name asked for only once value
// has some named provider's shape. Trying the shapes first returns the
// same provider: the first in namedProviders that passes both checks.
func matchNamedLazy(name nameFunc, value string) (*provider, bool) {
	if !mayBeNamedToken(value) {
		return nil, false
	}
	for _, p := range namedProviders {
		n, bs, be, ok := p.match(value)
		if !ok || n != len(value) {
			continue
		}
		if !looksRandom(value[bs:be], p.mixed) {
			continue
		}
		if !hasKeyword(p.Keywords, name.get(), "") {
			continue
		}
		return p, true
	}
	return nil, false
}
