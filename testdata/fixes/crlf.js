import { Octokit } from "@octokit/rest"

// 日本語のコメント 🚀
const token = "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" // want TL101
export const octokit = new Octokit({ auth: token })
