export function registerWebhookPages(_app: unknown, _ctx: unknown): void {}
