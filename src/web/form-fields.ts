import type { FastifyRequest } from 'fastify';

/** A posted form as the form-body parser leaves it: a field given twice is an array. */
export type PostedForm = Record<string, string | string[] | undefined>;

/** One field of a posted form, when it was given exactly once. */
export function postedField(request: FastifyRequest, name: string): string | undefined {
  const value = (request.body as PostedForm | undefined)?.[name];
  return typeof value === 'string' ? value : undefined;
}

/**
 * One field of a posted form; '' when it is missing or was given more than once, so a tampered
 * form is answered like an empty field rather than with a server error.
 */
export function formField(request: FastifyRequest, name: string): string {
  return postedField(request, name) ?? '';
}

/** Every value of a field that may repeat (ticked boxes, a multiple select). */
export function formFields(request: FastifyRequest, name: string): string[] {
  const value = (request.body as PostedForm | undefined)?.[name];
  return value === undefined ? [] : [value].flat();
}
