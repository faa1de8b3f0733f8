// The interactive rich media types. Every control is a native element (button, select), so
// mouse, touch, keyboard and screen readers all work without extra code.
import { useRef } from 'preact/hooks';
import type { Card, Choice } from '../rich-media';

type Choose = (value: string) => void;

export function Choices({ label, choices, onChoose }: { label: string; choices: Choice[]; onChoose: Choose }) {
  return (
    <div class="pw-choices" role="group" aria-label={label}>
      {choices.map((c) => (
        <button type="button" class="pw-choice" onClick={() => onChoose(c.value)}>
          {c.label}
        </button>
      ))}
    </div>
  );
}

/**
 * Cards in a row that scrolls sideways. The row takes focus and arrow keys move it a card at a
 * time; Tab walks through the cards' buttons, which scrolls each into view on its own.
 */
export function Carousel({ cards, onChoose }: { cards: Card[]; onChoose: Choose }) {
  const row = useRef<HTMLDivElement>(null);
  const onKeyDown = (event: KeyboardEvent) => {
    const el = row.current;
    if (!el || event.target !== el || (event.key !== 'ArrowRight' && event.key !== 'ArrowLeft')) return;
    event.preventDefault();
    const card = el.querySelector('li')?.offsetWidth ?? el.clientWidth;
    el.scrollBy({ left: (event.key === 'ArrowRight' ? 1 : -1) * (card + 8) });
  };
  return (
    <div ref={row} class="pw-carousel" tabIndex={0} role="region" aria-label={`${cards.length} cards; arrow keys scroll`} onKeyDown={onKeyDown}>
      <ul>
        {cards.map((card, i) => (
          <li class="pw-card" aria-label={`${i + 1} of ${cards.length}: ${card.title}`}>
            {card.imageUrl && <img src={card.imageUrl} alt="" loading="lazy" decoding="async" referrerpolicy="no-referrer" />}
            <strong class="pw-card-title">{card.title}</strong>
            {card.subtitle && <span class="pw-card-sub">{card.subtitle}</span>}
            {card.buttons.length > 0 && <Choices label={card.title} choices={card.buttons} onChoose={onChoose} />}
          </li>
        ))}
      </ul>
    </div>
  );
}

/**
 * A choice from a mouse or the open list sends at once. Arrow keys on the closed list only move
 * the selection (browsers fire `change` for each step): Enter sends it, so a keyboard user can
 * look through the options without sending each one.
 */
export function Dropdown({ label, placeholder, options, onChoose }: { label: string; placeholder: string; options: Choice[]; onChoose: Choose }) {
  const stepping = useRef(false);
  return (
    <select
      class="pw-select"
      aria-label={label}
      onKeyDown={(event) => {
        if (/^(Arrow(Up|Down)|Home|End|Page(Up|Down))$/.test(event.key) && !event.altKey) stepping.current = true;
        else if (event.key === 'Enter' && event.currentTarget.value) {
          event.preventDefault();
          onChoose(event.currentTarget.value);
        }
      }}
      onChange={(event) => {
        const value = event.currentTarget.value;
        if (!stepping.current && value) onChoose(value);
        stepping.current = false;
      }}
    >
      <option value="" disabled selected>
        {placeholder}
      </option>
      {options.map((o) => (
        <option value={o.value}>{o.label}</option>
      ))}
    </select>
  );
}
