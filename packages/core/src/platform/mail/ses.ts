// Mail through Amazon SES v2.
import type { SESv2Client } from "@aws-sdk/client-sesv2";
import type { Mailer, MailMessage } from "./port.js";

export class SesMailer implements Mailer {
  private clientPromise: Promise<SESv2Client> | undefined;
  constructor(private readonly options: { region: string; from: string; endpoint?: string }) {}

  private client(): Promise<SESv2Client> {
    this.clientPromise ??= import("@aws-sdk/client-sesv2").then(
      ({ SESv2Client }) =>
        new SESv2Client({
          region: this.options.region,
          ...(this.options.endpoint ? { endpoint: this.options.endpoint } : {}),
        }),
    );
    return this.clientPromise;
  }

  async send(message: MailMessage) {
    const { SendEmailCommand } = await import("@aws-sdk/client-sesv2");
    const out = await (await this.client()).send(
      new SendEmailCommand({
        FromEmailAddress: this.options.from,
        Destination: { ToAddresses: [message.to] },
        Content: {
          Simple: {
            Subject: { Data: message.subject, Charset: "UTF-8" },
            Body: {
              Text: { Data: message.text, Charset: "UTF-8" },
              ...(message.html ? { Html: { Data: message.html, Charset: "UTF-8" } } : {}),
            },
            ...(message.headers
              ? { Headers: Object.entries(message.headers).map(([Name, Value]) => ({ Name, Value })) }
              : {}),
          },
        },
        ...(message.template ? { EmailTags: [{ Name: "template", Value: message.template }] } : {}),
      }),
    );
    return { messageId: out.MessageId ?? "" };
  }
}
