export interface IdPage {
  ids: readonly (string | null | undefined)[];
  next?: string | null;
}

/** Every page's ids in order, each once. A page token seen before would loop forever: it fails. */
export async function allPages(fetchPage: (pageToken: string | undefined) => Promise<IdPage>): Promise<string[]> {
  const ids: string[] = [];
  const seen = new Set<string>();
  const tokens = new Set<string>();
  let pageToken: string | undefined;
  do {
    const page = await fetchPage(pageToken);
    for (const id of page.ids) {
      if (id && !seen.has(id)) {
        seen.add(id);
        ids.push(id);
      }
    }
    pageToken = page.next ?? undefined;
    if (pageToken && tokens.has(pageToken)) throw new Error('repeated page token');
    if (pageToken) tokens.add(pageToken);
  } while (pageToken);
  return ids;
}
