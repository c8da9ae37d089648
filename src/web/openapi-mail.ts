/** The e-mail part of `/openapi.json`: subscribing to the digest. */

export const MAIL_PATHS = {
  '/api/subscriptions': {
    post: {
      summary: 'Subscribe an address to the e-mail digest',
      description:
        'Records the request and mails a link to confirm it (double opt-in); only confirmed addresses get digests. ' +
        'The answer is the same for a new, pending or already confirmed address; a confirmed subscription is changed ' +
        'only through the link in its mails. At most one confirmation mail per address every 15 minutes.',
      requestBody: {
        required: true,
        content: {
          'application/json': {
            schema: {
              type: 'object',
              required: ['email'],
              properties: {
                email: {
                  type: 'string',
                  maxLength: 254,
                  description: 'One plain address; an internationalised domain is stored in punycode.',
                },
                frequency: { type: 'string', enum: ['daily', 'weekly'], default: 'daily' },
                categories: {
                  type: 'array',
                  maxItems: 20,
                  items: { type: 'string', example: 'cs.CL' },
                  description: 'Only papers in these arXiv categories.',
                },
                query: {
                  type: 'string',
                  maxLength: 250,
                  description: 'A saved search: digests carry its best matches published in the period.',
                },
              },
            },
          },
        },
      },
      responses: {
        '202': {
          description: 'Recorded; a confirmation mail is on its way unless one was sent a moment ago.',
          content: {
            'application/json': {
              schema: {
                type: 'object',
                required: ['status', 'message'],
                properties: { status: { const: 'pending' }, message: { type: 'string' } },
              },
            },
          },
        },
        '400': {
          description: 'The field at fault and why.',
          content: {
            'application/json': {
              schema: {
                type: 'object',
                required: ['error', 'field'],
                properties: { error: { type: 'string' }, field: { type: 'string' } },
              },
            },
          },
        },
      },
    },
  },
};
