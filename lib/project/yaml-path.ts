/** `models[2].columns[0].tests[1]`: the YAML path style every project error uses. */
export type YamlPath = readonly PropertyKey[];

export function formatYamlPath(path: YamlPath): string {
  return path
    .map((segment, index) =>
      typeof segment === 'number' ? `[${segment}]` : `${index === 0 ? '' : '.'}${String(segment)}`,
    )
    .join('');
}

/** `file: yaml.path` (or just `file` for the document root), the place of a YAML problem. */
export function yamlPlace(file: string, path: YamlPath): string {
  return path.length === 0 ? file : `${file}: ${formatYamlPath(path)}`;
}
