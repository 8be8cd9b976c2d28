package detectors

// providers lists the token formats TL101 knows. The shapes come from the
// providers' documentation (token format announcements, API reference
// pages); the checks are written by hand. docs/providers.md lists them
// with the environment variable each fix uses.
var providers = []*provider{
	// AI providers.
	{Name: "OpenAI API key", Env: "OPENAI_API_KEY", Prefixes: []string{"sk-proj-", "sk-svcacct-", "sk-admin-"}, match: runAtLeast(isB64URL, 40), mixed: true},
	{Name: "OpenAI API key", Env: "OPENAI_API_KEY", Prefixes: []string{"sk-"}, match: matchOpenAILegacy, mixed: true},
	{Name: "Anthropic API key", Env: "ANTHROPIC_API_KEY", Prefixes: []string{"sk-ant-"}, match: matchAnthropic, mixed: true},
	{Name: "Hugging Face token", Env: "HF_TOKEN", Prefixes: []string{"hf_"}, match: runExactly(isAlnum, 34), mixed: true},
	{Name: "Hugging Face organization token", Env: "HF_TOKEN", Prefixes: []string{"api_org_"}, match: runExactly(isAlnum, 34), mixed: true},
	{Name: "Perplexity API key", Env: "PERPLEXITY_API_KEY", Prefixes: []string{"pplx-"}, match: runBetween(isAlnum, 48, 56), mixed: true},
	{Name: "xAI API key", Env: "XAI_API_KEY", Prefixes: []string{"xai-"}, match: runBetween(isAlnum, 70, 90), mixed: true},
	{Name: "Groq API key", Env: "GROQ_API_KEY", Prefixes: []string{"gsk_"}, match: runExactly(isAlnum, 52), mixed: true},
	{Name: "Replicate API token", Env: "REPLICATE_API_TOKEN", Prefixes: []string{"r8_"}, match: runExactly(isAlnum, 37), mixed: true},

	// Payments. Clerk and Stripe share the sk_live_/sk_test_ shape: the
	// Clerk entry needs the word "clerk" nearby and wins when it is there.
	{Name: "Clerk secret key", Env: "CLERK_SECRET_KEY", Prefixes: []string{"sk_live_", "sk_test_"}, match: runAtLeast(isAlnum, 20), mixed: true, Keywords: []string{"clerk"}},
	{Name: "Stripe secret key", Env: "STRIPE_SECRET_KEY", Prefixes: []string{"sk_live_", "sk_test_"}, match: runAtLeast(isAlnum, 20), mixed: true},
	{Name: "Stripe restricted key", Env: "STRIPE_RESTRICTED_KEY", Prefixes: []string{"rk_live_", "rk_test_"}, match: runAtLeast(isAlnum, 20), mixed: true},
	{Name: "Stripe webhook signing secret", Env: "STRIPE_WEBHOOK_SECRET", Prefixes: []string{"whsec_"}, match: matchBase64(24), mixed: true},
	{Name: "Square access token", Env: "SQUARE_ACCESS_TOKEN", Prefixes: []string{"EAAA"}, match: runExactly(isB64URL, 60), mixed: true},
	{Name: "Square access token", Env: "SQUARE_ACCESS_TOKEN", Prefixes: []string{"sq0atp-"}, match: runExactly(isB64URL, 22), mixed: true},
	{Name: "Square OAuth secret", Env: "SQUARE_OAUTH_SECRET", Prefixes: []string{"sq0csp-"}, match: runExactly(isB64URL, 43), mixed: true},
	{Name: "Braintree access token", Env: "BRAINTREE_ACCESS_TOKEN", Prefixes: []string{"access_token$production$", "access_token$sandbox$"}, match: seq(exactly(isLowerAlnum, 16), lit("$"), exactly(isHexLower, 32))},
	{Name: "Shippo API token", Env: "SHIPPO_API_TOKEN", Prefixes: []string{"shippo_live_", "shippo_test_"}, match: runExactly(isHexLower, 40)},
	{Name: "Flutterwave secret key", Env: "FLUTTERWAVE_SECRET_KEY", Prefixes: []string{"FLWSECK_TEST-", "FLWSECK-"}, match: seq(exactly(isHex, 32), lit("-X"))},
	{Name: "Duffel API token", Env: "DUFFEL_API_TOKEN", Prefixes: []string{"duffel_test_", "duffel_live_"}, match: runExactly(func(c byte) bool { return isB64URL(c) || c == '=' }, 43), mixed: true},
	{Name: "EasyPost API key", Env: "EASYPOST_API_KEY", Prefixes: []string{"EZAK", "EZTK"}, match: runExactly(isAlnum, 54), mixed: true},

	// Commerce.
	{Name: "Shopify access token", Env: "SHOPIFY_ACCESS_TOKEN", Prefixes: []string{"shpat_", "shpca_", "shppa_"}, match: runExactly(isHex, 32)},
	{Name: "Shopify shared secret", Env: "SHOPIFY_API_SECRET", Prefixes: []string{"shpss_"}, match: runExactly(isHex, 32)},

	// Cloud.
	{Name: "AWS access key ID", Env: "AWS_ACCESS_KEY_ID", Prefixes: []string{"AKIA", "ASIA", "ABIA", "ACCA"}, match: runExactly(isBase32Upper, 16)},
	{Name: "Amazon Bedrock API key", Env: "AWS_BEARER_TOKEN_BEDROCK", Prefixes: []string{"ABSK"}, match: matchBase64(100), mixed: true},
	{Name: "Amazon Bedrock API key", Env: "AWS_BEARER_TOKEN_BEDROCK", Prefixes: []string{"bedrock-api-key-"}, match: matchBase64(32), mixed: true},
	{Name: "Google API key", Env: "GOOGLE_API_KEY", Prefixes: []string{"AIza"}, match: runExactly(isB64URL, 35), mixed: true},
	{Name: "Google OAuth client secret", Env: "GOOGLE_CLIENT_SECRET", Prefixes: []string{"GOCSPX-"}, match: runExactly(isB64URL, 28), mixed: true},
	{Name: "Azure AD client secret", Env: "AZURE_CLIENT_SECRET", Prefixes: []string{"Q~"}, Lead: func(c byte) bool { return isB64URL(c) || c == '~' || c == '.' }, LeadN: 4, match: runBetween(func(c byte) bool { return isB64URL(c) || c == '~' || c == '.' }, 31, 34), mixed: true},
	{Name: "Azure storage account key", Env: "AZURE_STORAGE_CONNECTION_STRING", Prefixes: []string{"AccountKey="}, match: seq(exactly(isB64, 86), lit("==")), mixed: true},
	{Name: "Alibaba Cloud access key ID", Env: "ALIBABA_CLOUD_ACCESS_KEY_ID", Prefixes: []string{"LTAI"}, match: runBetween(isAlnum, 16, 20), mixed: true},
	{Name: "Tencent Cloud secret ID", Env: "TENCENTCLOUD_SECRET_ID", Prefixes: []string{"AKID"}, match: runExactly(isAlnum, 32), mixed: true},
	{Name: "DigitalOcean token", Env: "DIGITALOCEAN_TOKEN", Prefixes: []string{"dop_v1_", "doo_v1_", "dor_v1_"}, match: runExactly(isHexLower, 64)},
	{Name: "Heroku API key", Env: "HEROKU_API_KEY", Prefixes: []string{"HRKU-"}, match: runBetween(isB64URL, 60, 64), mixed: true},
	{Name: "Cloudflare Origin CA key", Env: "CLOUDFLARE_ORIGIN_CA_KEY", Prefixes: []string{"v1.0-"}, match: seq(exactly(isHexLower, 24), lit("-"), exactly(isHexLower, 146))},
	{Name: "Fly.io token", Env: "FLY_API_TOKEN", Prefixes: []string{"fo1_"}, match: runExactly(isB64URL, 43), mixed: true},
	{Name: "Fly.io token", Env: "FLY_API_TOKEN", Prefixes: []string{"fm1r_", "fm2_"}, match: matchBase64(64), mixed: true},
	{Name: "Netlify token", Env: "NETLIFY_AUTH_TOKEN", Prefixes: []string{"nfp_"}, match: runExactly(isAlnum, 36), mixed: true},
	{Name: "Databricks token", Env: "DATABRICKS_TOKEN", Prefixes: []string{"dapi"}, match: seq(exactly(isHexLower, 32), cls(func(c byte) bool { return c == '-' || isDigit(c) }, 0, 2))},
	{Name: "Supabase access token", Env: "SUPABASE_ACCESS_TOKEN", Prefixes: []string{"sbp_"}, match: runExactly(isHexLower, 40)},
	{Name: "Supabase secret key", Env: "SUPABASE_SECRET_KEY", Prefixes: []string{"sb_secret_"}, match: runBetween(isB64URL, 30, 64), mixed: true},
	{Name: "PlanetScale token", Env: "PLANETSCALE_TOKEN", Prefixes: []string{"pscale_pw_", "pscale_tkn_", "pscale_oauth_"}, match: runBetween(func(c byte) bool { return isB64URL(c) || c == '=' || c == '.' }, 32, 64), mixed: true},
	{Name: "HashiCorp Terraform API token", Env: "TF_TOKEN_app_terraform_io", Prefixes: []string{".atlasv1."}, Lead: isAlnum, LeadN: 14, match: runBetween(func(c byte) bool { return isB64URL(c) || c == '=' }, 60, 70), mixed: true},
	{Name: "HashiCorp Vault token", Env: "VAULT_TOKEN", Prefixes: []string{"hvs.", "hvb.AAAAAQ"}, match: runAtLeast(isB64URL, 90), mixed: true},
	{Name: "Doppler token", Env: "DOPPLER_TOKEN", Prefixes: []string{"dp.pt.", "dp.st.", "dp.sa.", "dp.ct.", "dp.scim.", "dp.audit."}, match: runBetween(func(c byte) bool { return isAlnum(c) || c == '.' || c == '_' || c == '-' }, 40, 90), mixed: true},
	{Name: "Pulumi access token", Env: "PULUMI_ACCESS_TOKEN", Prefixes: []string{"pul-"}, match: runExactly(isHexLower, 40)},
	{Name: "Infracost API key", Env: "INFRACOST_API_KEY", Prefixes: []string{"ico-"}, match: runExactly(isAlnum, 32), mixed: true},
	{Name: "OpenShift user token", Env: "OPENSHIFT_TOKEN", Prefixes: []string{"sha256~"}, match: runExactly(isB64URL, 43), mixed: true},
	{Name: "Scalingo API token", Env: "SCALINGO_API_TOKEN", Prefixes: []string{"tk-us-"}, match: runExactly(isB64URL, 48), mixed: true},

	// Source hosting, packages and CI.
	{Name: "GitHub token", Env: "GITHUB_TOKEN", Prefixes: []string{"ghp_", "gho_", "ghu_", "ghs_", "ghr_"}, match: runExactly(isAlnum, 36), check: checkCRC32Base62, mixed: true},
	{Name: "GitHub fine-grained token", Env: "GITHUB_TOKEN", Prefixes: []string{"github_pat_"}, match: matchGitHubPAT, mixed: true},
	{Name: "GitLab personal access token", Env: "GITLAB_TOKEN", Prefixes: []string{"glpat-"}, match: seq(exactly(isB64URL, 20), cls(func(c byte) bool { return isB64URL(c) || c == '.' }, 0, 40)), mixed: true},
	{Name: "GitLab token", Env: "GITLAB_TOKEN", Prefixes: []string{"glptt-"}, match: runExactly(isHexLower, 40)},
	{Name: "GitLab token", Env: "GITLAB_TOKEN", Prefixes: []string{"gldt-", "glft-", "glsoat-", "glrt-", "glcbt-", "glffct-", "glimt-", "glagent-", "gloas-"}, match: runBetween(func(c byte) bool { return isB64URL(c) || c == '.' }, 20, 80), mixed: true},
	{Name: "GitLab runner registration token", Env: "GITLAB_RUNNER_TOKEN", Prefixes: []string{"GR1348941"}, match: runBetween(isB64URL, 20, 22), mixed: true},
	{Name: "npm access token", Env: "NPM_TOKEN", Prefixes: []string{"npm_"}, match: runExactly(isAlnum, 36), check: checkCRC32Base62, mixed: true},
	{Name: "PyPI upload token", Env: "PYPI_API_TOKEN", Prefixes: []string{"pypi-AgEIcHlwaS5vcmc"}, match: runAtLeast(isB64URL, 50), mixed: true},
	{Name: "RubyGems API key", Env: "GEM_HOST_API_KEY", Prefixes: []string{"rubygems_"}, match: runExactly(isHexLower, 48)},
	{Name: "Clojars deploy token", Env: "CLOJARS_DEPLOY_TOKEN", Prefixes: []string{"CLOJARS_"}, match: runExactly(isLowerAlnum, 60)},
	{Name: "Docker Hub access token", Env: "DOCKERHUB_TOKEN", Prefixes: []string{"dckr_pat_"}, match: runBetween(isB64URL, 27, 36), mixed: true},
	{Name: "JFrog Artifactory API key", Env: "ARTIFACTORY_API_KEY", Prefixes: []string{"AKCp"}, match: runExactly(isAlnum, 69), mixed: true},
	{Name: "JFrog Artifactory reference token", Env: "ARTIFACTORY_ACCESS_TOKEN", Prefixes: []string{"cmVmd"}, match: runExactly(isAlnum, 59), mixed: true},
	{Name: "Sourcegraph access token", Env: "SRC_ACCESS_TOKEN", Prefixes: []string{"sgp_"}, match: seq(cls(isHex, 0, 16), cls(func(c byte) bool { return c == '_' }, 0, 1), exactly(isHex, 40)), mixed: true},

	// Messaging and collaboration.
	{Name: "Slack bot token", Env: "SLACK_BOT_TOKEN", Prefixes: []string{"xoxb-"}, match: matchSlack, mixed: true},
	{Name: "Slack token", Env: "SLACK_TOKEN", Prefixes: []string{"xoxp-", "xoxa-", "xoxr-", "xoxs-", "xoxe-", "xoxe.xoxp-"}, match: matchSlack, mixed: true},
	{Name: "Slack app token", Env: "SLACK_APP_TOKEN", Prefixes: []string{"xapp-"}, match: seq(exactly(isDigit, 1), lit("-"), cls(isUpperAlnum, 9, 12), lit("-"), cls(isDigit, 10, 14), lit("-"), cls(isHexLower, 60, 64))},
	{Name: "Slack webhook URL", Env: "SLACK_WEBHOOK_URL", Prefixes: []string{"hooks.slack.com/services/", "hooks.slack.com/workflows/", "hooks.slack.com/triggers/"}, match: runBetween(func(c byte) bool { return isB64URL(c) || c == '/' }, 40, 100), mixed: true, inURL: true},
	{Name: "Discord webhook URL", Env: "DISCORD_WEBHOOK_URL", Prefixes: []string{"discord.com/api/webhooks/", "discordapp.com/api/webhooks/"}, match: seq(cls(isDigit, 17, 20), lit("/"), cls(isB64URL, 60, 68)), mixed: true, inURL: true},
	{Name: "Telegram bot token", Env: "TELEGRAM_BOT_TOKEN", Prefixes: []string{":AA"}, Lead: isDigit, LeadMin: 8, LeadN: 10, match: runExactly(isB64URL, 33), mixed: true},
	{Name: "Microsoft Teams webhook URL", Env: "TEAMS_WEBHOOK_URL", Prefixes: []string{".webhook.office.com/webhookb2/"}, match: runBetween(func(c byte) bool { return isB64URL(c) || c == '/' || c == '@' }, 80, 200), mixed: true, inURL: true},
	{Name: "X (Twitter) bearer token", Env: "TWITTER_BEARER_TOKEN", Prefixes: []string{"AAAAAAAAAAAAAAAAAAAAA"}, match: runBetween(func(c byte) bool { return isB64URL(c) || c == '%' }, 80, 120), mixed: true},
	{Name: "Facebook access token", Env: "FACEBOOK_ACCESS_TOKEN", Prefixes: []string{"EAACEdEose0cBA", "EAAB", "EAAG"}, match: runBetween(isAlnum, 90, 250), mixed: true},
	{Name: "SendGrid API key", Env: "SENDGRID_API_KEY", Prefixes: []string{"SG."}, match: matchSendGrid, mixed: true},
	{Name: "Mailgun API key", Env: "MAILGUN_API_KEY", Prefixes: []string{"key-"}, match: runExactly(isHexLower, 32)},
	{Name: "Mailchimp API key", Env: "MAILCHIMP_API_KEY", Prefixes: []string{"-us"}, Lead: isHexLower, LeadN: 32, match: runBetween(isDigit, 1, 2)},
	{Name: "Brevo (Sendinblue) API key", Env: "BREVO_API_KEY", Prefixes: []string{"xkeysib-"}, match: seq(exactly(isHexLower, 64), lit("-"), exactly(isAlnum, 16)), mixed: true},
	{Name: "Twilio API key", Env: "TWILIO_API_KEY", Prefixes: []string{"SK"}, match: runExactly(isHexLower, 32)},
	{Name: "Linear API key", Env: "LINEAR_API_KEY", Prefixes: []string{"lin_api_"}, match: runExactly(isAlnum, 40), mixed: true},
	{Name: "Notion integration token", Env: "NOTION_TOKEN", Prefixes: []string{"ntn_"}, match: seq(exactly(isDigit, 11), exactly(isAlnum, 35)), mixed: true},
	{Name: "Atlassian API token", Env: "ATLASSIAN_API_TOKEN", Prefixes: []string{"ATATT3"}, match: runAtLeast(func(c byte) bool { return isB64URL(c) || c == '=' }, 180), mixed: true},
	{Name: "Postman API key", Env: "POSTMAN_API_KEY", Prefixes: []string{"PMAK-"}, match: seq(exactly(isHexLower, 24), lit("-"), exactly(isHexLower, 34))},
	{Name: "Figma access token", Env: "FIGMA_TOKEN", Prefixes: []string{"figd_"}, match: runBetween(isB64URL, 40, 44), mixed: true},
	{Name: "Contentful personal access token", Env: "CONTENTFUL_MANAGEMENT_TOKEN", Prefixes: []string{"CFPAT-"}, match: runExactly(isB64URL, 43), mixed: true},
	{Name: "HubSpot private app token", Env: "HUBSPOT_ACCESS_TOKEN", Prefixes: []string{"pat-na1-", "pat-eu1-"}, match: uuidShape},
	{Name: "Typeform personal token", Env: "TYPEFORM_TOKEN", Prefixes: []string{"tfp_"}, match: runBetween(isB64URL, 55, 60), mixed: true},
	{Name: "ReadMe API key", Env: "README_API_KEY", Prefixes: []string{"rdme_"}, match: runExactly(isLowerAlnum, 70)},
	{Name: "Frame.io API token", Env: "FRAMEIO_TOKEN", Prefixes: []string{"fio-u-"}, match: runExactly(func(c byte) bool { return isB64URL(c) || c == '=' }, 64), mixed: true},
	{Name: "Asana personal access token", Env: "ASANA_ACCESS_TOKEN", Prefixes: []string{"1/", "2/"}, match: seq(cls(isDigit, 10, 16), cls(func(c byte) bool { return c == '/' || isDigit(c) }, 0, 17), lit(":"), exactly(isHexLower, 32))},

	// Observability and analytics.
	{Name: "Grafana token", Env: "GRAFANA_TOKEN", Prefixes: []string{"glc_"}, match: runBetween(func(c byte) bool { return isB64URL(c) || c == '=' }, 32, 400), mixed: true},
	{Name: "Grafana service account token", Env: "GRAFANA_TOKEN", Prefixes: []string{"glsa_"}, match: seq(exactly(isAlnum, 32), lit("_"), exactly(isHex, 8)), mixed: true},
	{Name: "Grafana API key", Env: "GRAFANA_API_KEY", Prefixes: []string{"eyJrIjoi"}, match: runBetween(func(c byte) bool { return isAlnum(c) || c == '=' }, 70, 400), mixed: true},
	{Name: "New Relic user API key", Env: "NEW_RELIC_API_KEY", Prefixes: []string{"NRAK-"}, match: runExactly(isUpperAlnum, 27)},
	{Name: "New Relic insert key", Env: "NEW_RELIC_INSERT_KEY", Prefixes: []string{"NRII-"}, match: runExactly(isB64URL, 32), mixed: true},
	{Name: "Sentry token", Env: "SENTRY_AUTH_TOKEN", Prefixes: []string{"sntryu_"}, match: runExactly(isHexLower, 64)},
	{Name: "Sentry organization token", Env: "SENTRY_AUTH_TOKEN", Prefixes: []string{"sntrys_eyJ"}, match: seq(atLeast(func(c byte) bool { return isB64(c) || c == '=' }, 60), lit("_"), exactly(isB64, 43)), mixed: true},
	{Name: "Dynatrace API token", Env: "DT_API_TOKEN", Prefixes: []string{"dt0c01."}, match: seq(exactly(isUpperAlnum, 24), lit("."), exactly(isUpperAlnum, 64))},
	{Name: "Harness API key", Env: "HARNESS_API_KEY", Prefixes: []string{"pat.", "sat."}, match: seq(exactly(isB64URL, 22), lit("."), exactly(isHex, 24), lit("."), exactly(isAlnum, 20)), mixed: true},
	{Name: "LaunchDarkly SDK key", Env: "LAUNCHDARKLY_SDK_KEY", Prefixes: []string{"sdk-"}, match: uuidShape, Keywords: []string{"launchdarkly", "ldclient", "ld_sdk", "ldsdk"}},
	{Name: "MaxMind license key", Env: "MAXMIND_LICENSE_KEY", Prefixes: []string{"_mmk"}, Lead: func(c byte) bool { return isAlnum(c) || c == '_' }, LeadN: 36, match: func(rest string) (int, int, int, bool) {
		if rest != "" && isTokenChar(rest[0]) {
			return 0, 0, 0, false
		}
		return 0, 0, 0, true
	}, mixed: true},

	// Identity and secrets.
	{Name: "1Password secret key", Env: "OP_SECRET_KEY", Prefixes: []string{"A3-"}, match: matchOnePasswordKey},
	{Name: "1Password service account token", Env: "OP_SERVICE_ACCOUNT_TOKEN", Prefixes: []string{"ops_eyJ"}, match: runAtLeast(func(c byte) bool { return isB64(c) || c == '=' }, 250), mixed: true},
	{Name: "age secret key", Env: "AGE_SECRET_KEY", Prefixes: []string{"AGE-SECRET-KEY-1"}, match: runExactly(func(c byte) bool { return c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' }, 58)},
	{Name: "JSON Web Token", Env: "AUTH_TOKEN", Prefixes: []string{"eyJ"}, match: matchJWT, check: checkJWT, mixed: true, Severity: SeverityWarning},
	{Name: "JSON Web Token (base64)", Env: "AUTH_TOKEN", Prefixes: []string{"ZXlK"}, match: matchBase64(60), check: checkB64JWT, mixed: true, Severity: SeverityWarning},
}
