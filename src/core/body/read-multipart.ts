import type { Request } from '../../http/request';
import { BadRequestException } from '../exceptions/http-exception';
import { parameterValues } from './content-type';
import { MultipartFormBuilder, type FileFieldRule, type MultipartForm } from './multipart-form';
import type { MultipartLimits } from './multipart-options';
import { MultipartParser } from './multipart-parser';

/**
 * How a route that takes uploads reads a multipart/form-data body: its limits and the file
 * fields it reads, fixed at bootstrap. A route's BodyMode is one of these when it takes files
 * (`@UploadedFile`/`@UploadedFiles`) or has `@Multipart()`.
 */
export class MultipartPlan {
  constructor(readonly limits: MultipartLimits, readonly fileFields: FileFieldRule) {}
}

/**
 * The body read as a form: the MultipartForm when the whole body has already arrived (the
 * usual small form), a promise of it otherwise; an empty body is undefined. Fed to the
 * parser chunk by chunk as it arrives, so a limit refuses the upload as soon as it is
 * passed, not after the whole body was buffered.
 */
export function readMultipart(req: Request, contentType: string, plan: MultipartPlan): MultipartForm | undefined | Promise<MultipartForm | undefined> {
  const boundary = boundaryOf(contentType);
  const builder = new MultipartFormBuilder(plan.limits, plan.fileFields);
  const parser = new MultipartParser(boundary, builder);
  const arrived = req._bodyIfArrived();
  if (arrived !== undefined) {
    parser.write(arrived);
    return finish(parser, builder);
  }
  return feed(req.stream(), parser, builder);
}

async function feed(body: AsyncIterable<Buffer>, parser: MultipartParser, builder: MultipartFormBuilder): Promise<MultipartForm | undefined> {
  // A throw inside the loop returns the iterator: the engine drops the rest of the body.
  for await (const chunk of body) parser.write(chunk);
  return finish(parser, builder);
}

function finish(parser: MultipartParser, builder: MultipartFormBuilder): MultipartForm | undefined {
  if (parser.empty) return undefined;
  parser.end();
  return builder.result();
}

/** RFC 2046 §5.1.1: bchars, 1 to 70 of them, the last not a space. */
const BOUNDARY = /^[0-9A-Za-z'()+_,\-./:=? ]{0,69}[0-9A-Za-z'()+_,\-./:=?]$/;

/** The `boundary` parameter of a multipart/form-data Content-Type (RFC 7578 §4.1), checked. */
export function boundaryOf(contentType: string): string {
  const found = parameterValues(contentType, 'boundary');
  if (found.length === 0) {
    throw new BadRequestException('Content-Type multipart/form-data needs a boundary parameter (multipart/form-data; boundary=…, RFC 7578 §4.1)');
  }
  if (found.length > 1) {
    throw new BadRequestException('Content-Type multipart/form-data gives its boundary parameter more than once; send one');
  }
  const boundary = found[0];
  if (!BOUNDARY.test(boundary)) {
    throw new BadRequestException(
      `The multipart boundary ${JSON.stringify(boundary)} is not 1 to 70 of the characters RFC 2046 §5.1.1 allows (letters, digits, '()+_,-./:=? and inner spaces)`,
    );
  }
  return boundary;
}
