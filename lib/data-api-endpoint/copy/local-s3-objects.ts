import { readdir, readFile, realpath, stat } from 'node:fs/promises';
import { join, relative, resolve, sep } from 'node:path';
import { promisify } from 'node:util';
import { gunzip } from 'node:zlib';
import { RedshiftSqlError } from '../sql/redshift-sql-error.ts';

const gunzipAsync = promisify(gunzip);

/** A file under `<s3Root>/<bucket>/` standing in for an S3 object. */
export interface LocalS3Object {
  /** The object key: the file's path relative to the bucket folder, `/`-separated. */
  readonly key: string;
  /** `s3://bucket/key`, as Redshift names the file in SYS_LOAD_ERROR_DETAIL. */
  readonly uri: string;
  readonly path: string;
}

/**
 * The objects whose keys start with `prefix`, in key order, as S3's ListObjects returns them:
 * `raw/accounts/ingest_date=2024-01-0` matches every day folder of that decade, not only a folder.
 */
export async function listLocalObjects(s3Root: string | undefined, bucket: string, prefix: string): Promise<LocalS3Object[]> {
  if (s3Root === undefined) {
    throw new RedshiftSqlError('COPY from S3 needs the endpoint to be started with s3Root (a local folder standing in for S3)');
  }
  checkBucketName(bucket);
  if (prefix.split('/').includes('..')) {
    throw new RedshiftSqlError(
      `COPY from 's3://${bucket}/${prefix}': a '..' segment in the key prefix is refused by the local Data API endpoint, which never reads outside its s3Root`,
    );
  }
  const bucketFolder = join(s3Root, bucket);
  const isFolder = await stat(bucketFolder).then(
    (stats) => stats.isDirectory(),
    () => false,
  );
  if (!isFolder) throw new RedshiftSqlError(`S3ServiceException:The specified bucket does not exist (bucket ${bucket})`);
  await checkInsideRoot(s3Root, bucketFolder, bucket);
  const objects = (await filesUnder(bucketFolder))
    .map((path) => ({ path, key: relative(bucketFolder, path).split(sep).join('/') }))
    .filter((object) => object.key.startsWith(prefix))
    .sort((left, right) => (left.key < right.key ? -1 : left.key > right.key ? 1 : 0))
    .map((object) => ({ ...object, uri: `s3://${bucket}/${object.key}` }));
  if (objects.length === 0) throw new RedshiftSqlError(`The specified S3 prefix '${prefix}' does not exist`);
  return objects;
}

/**
 * S3's bucket naming rules: 3 to 63 lowercase letters, digits, dots and hyphens, starting and
 * ending with a letter or digit, no two adjacent dots
 * (https://docs.aws.amazon.com/AmazonS3/latest/userguide/bucketnamingrules.html). They also keep
 * the bucket one folder directly under s3Root: no `..`, no separator.
 */
const BUCKET_NAME = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;

function checkBucketName(bucket: string): void {
  if (!BUCKET_NAME.test(bucket) || bucket.includes('..')) {
    throw new RedshiftSqlError(`S3ServiceException:The specified bucket is not valid (bucket '${bucket}' breaks S3's bucket naming rules)`);
  }
}

/** A bucket folder that is a symbolic link out of s3Root is refused, not followed. */
async function checkInsideRoot(s3Root: string, bucketFolder: string, bucket: string): Promise<void> {
  const root = await realpath(resolve(s3Root));
  const folder = await realpath(bucketFolder);
  if (!folder.startsWith(root + sep)) {
    throw new RedshiftSqlError(
      `COPY from bucket '${bucket}': its folder resolves to ${folder}, outside the endpoint's s3Root ${root}; the local Data API endpoint never reads outside s3Root`,
    );
  }
}

async function filesUnder(folder: string): Promise<string[]> {
  const entries = await readdir(folder, { withFileTypes: true });
  const nested = await Promise.all(
    entries.map(async (entry) => {
      const path = join(folder, entry.name);
      if (entry.isDirectory()) return filesUnder(path);
      return entry.isFile() ? [path] : [];
    }),
  );
  return nested.flat();
}

/** The object's bytes, gunzipped when the COPY says GZIP (Redshift applies it to every file). */
export async function readLocalObject(object: LocalS3Object, gzip: boolean): Promise<Buffer> {
  const bytes = await readFile(object.path);
  if (!gzip) return bytes;
  try {
    return await gunzipAsync(bytes);
  } catch (error) {
    throw new RedshiftSqlError(`gzip: ${(error as Error).message} (file ${object.uri})`);
  }
}
