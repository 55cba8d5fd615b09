import { Link } from '../components/link';
import { moreGroups } from '../components/navigation';
import { t } from '../i18n';

/** "Mer": everything that is not a primary destination, one step away, in groups. */
export function More() {
  return (
    <section>
      <h1 tabIndex={-1}>{t('moreTitle')}</h1>
      {moreGroups.map((group) => (
        <section key={group.key} class="card more-group" aria-labelledby={`more-${group.key}`}>
          <h2 id={`more-${group.key}`}>{t(group.key)}</h2>
          <ul class="plain more-links">
            {group.items.map((item) => (
              <li key={item.to}>
                <Link to={item.to}>{t(item.key)}</Link>
              </li>
            ))}
          </ul>
        </section>
      ))}
    </section>
  );
}
