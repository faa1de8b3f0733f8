import type { IndexedArticle } from '../src';

/** A small shop's help centre: several articles say "policy", so that word alone proves little. */
export const SHOP_ARTICLES: IndexedArticle[] = [
  {
    id: 'shipping',
    title: 'Shipping times',
    tags: ['shipping', 'delivery'],
    body:
      'We ship every order from our warehouse in Lyon. Orders placed before 2 pm leave the same business day.\n\n' +
      'Standard delivery takes 3 to 5 business days within the EU. Express delivery arrives the next business day and costs 12 euros.\n\n' +
      'International orders outside the EU take 7 to 14 days. Customs fees are paid by the recipient on arrival.',
  },
  {
    id: 'returns',
    title: 'Returns and refunds',
    tags: ['returns'],
    body:
      'You can return any unworn item within 30 days of delivery. Start a return from your account page and print the prepaid label.\n\n' +
      'Refunds go back to the original payment method within 5 business days after we receive the parcel.\n\n' +
      'Sale items are final and cannot be returned. Gift cards are not refundable.',
  },
  {
    id: 'privacy',
    title: 'Privacy policy',
    tags: ['privacy', 'policy'],
    body: 'We only collect the data we need to process your order, and we never sell it. Write to privacy@example.com to delete your account.',
  },
  {
    id: 'cookies',
    title: 'Cookie policy',
    tags: ['policy'],
    body: 'This site uses cookies to remember your cart and your language. No advertising cookies are set.',
  },
  {
    id: 'warranty',
    title: 'Warranty policy',
    tags: ['warranty', 'policy'],
    body: 'All shoes carry a two-year warranty against manufacturing defects. Wear and tear is not covered.',
  },
];
