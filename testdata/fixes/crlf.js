import { Octokit } from "@octokit/rest"

// 日本語のコメント 🚀
const token = "ghp_u8jzPde0IgxLd6GncfBAepfJBd0Kh8oOOL8d" // want TL101
export const octokit = new Octokit({ auth: token })
