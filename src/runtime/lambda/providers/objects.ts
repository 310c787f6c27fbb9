import { createS3Objects } from '../../../adapters/aws/objects.js';
import { s3Client } from '../aws.js';
import { provider } from '../provider.js';

export default provider('objects', (ctx) => createS3Objects({ s3: s3Client(), bucket: ctx.config.bucket }));
