import { Logger } from "@nestjs/common";

export class GithubClient {
  private readonly logger = new Logger(GithubClient.name);

  constructor(private readonly token: string) {
    this.logger.log(`GitHub client ready, token ${this.token}`); // want TL105
  }

  async repos(authorization: string): Promise<unknown> {
    this.logger.debug("authorization:", authorization); // want TL105
    return fetch("https://api.github.com/user/repos", { headers: { Authorization: authorization } });
  }
}
