import { extractCount, extractMerchant, extractPlace } from '../../../src/nlu/entities';

describe('extractMerchant', () => {
  test.each([
    ['how much at Starbucks', 'Starbucks'],
    ['spent on Amazon', 'Amazon'],
    ['from Tesco', 'Tesco'],
    ['rides with Uber', 'Uber'],
    ['Starbucks spending', 'Starbucks'],
    ['Show Greggs spending', 'Greggs'],
    ['tesco this month', 'Tesco'],
    ['sainsburys last week', "Sainsbury's"],
    ['marks and spencer', 'M&S'],
    ['how much on netflix', 'Netflix'],
    ['uber eats last week', 'Uber Eats'],
    ["lunch at joe's cafe yesterday", "Joe's Cafe"],
    ['at The Ivy on Friday', 'The Ivy'],
    ['spent at pizza express in March', 'Pizza Express'],
    ['how much on Etsy?', 'Etsy'],
    ['Boots purchases', 'Boots'],
    ['paid to Octopus Energy', 'Octopus Energy'],
    ['anything from eBay over £20', 'eBay'],
  ])('%s → %s', (text, merchant) => {
    expect(extractMerchant(text)).toBe(merchant);
  });

  test('uses the bank-supplied merchant list (canonical spelling) before patterns', () => {
    const known = ['Blue Bottle Coffee', 'Corner Shop Ltd'];
    expect(extractMerchant('how much at blue bottle coffee', known)).toBe('Blue Bottle Coffee');
    expect(extractMerchant('corner shop ltd last month', known)).toBe('Corner Shop Ltd');
    expect(extractMerchant('corner shop ltd last month')).toBeUndefined();
  });

  test.each([
    'spending last month',
    'what did I spend in March',
    'spent on Monday',
    'spent on groceries',
    'how much on eating out',
    'paid from my savings',
    'payments on my credit card',
    'from current account',
    'at the station',
    'ATM near me',
    'on average',
    'at least £50',
    'at 5pm',
    'how much did I spend on boots',
    'spent on sweets',
    'out with friends',
    'How much did I spend',
    'March spending',
    'from 1 March to 10 March',
    'hello',
    '',
  ])('no merchant in %j', (text) => {
    expect(extractMerchant(text)).toBeUndefined();
  });
});

describe('extractCount', () => {
  test.each([
    ['last 5 transactions', 5],
    ['my recent ten payments', 10],
    ['show 3', 3],
    ['show me the last 20', 20],
    ['5 most recent transactions', 5],
    ['my 3 biggest purchases', 3],
    ['top 10 merchants', 10],
    ['a couple of payments', 2],
    ['last twenty-five transactions', 25],
    ['list my latest seven', 7],
    ['show 3 payments over £50', 3],
  ])('%s → %d', (text, n) => {
    expect(extractCount(text)).toBe(n);
  });

  test.each([
    'last 5 days',
    'past 3 weeks',
    'last 2 months',
    'over 100',
    'show £50',
    'show 3.5',
    'show 1st March',
    'show 10%',
    'between 1 and 10 March',
    'show me a breakdown',
    'last transaction',
    'show 0',
    'hello',
    '',
  ])('no count in %j', (text) => {
    expect(extractCount(text)).toBeUndefined();
  });
});

describe('extractPlace', () => {
  test.each([
    ['ATM near SW1A 1AA', 'SW1A 1AA'],
    ['sw1a1aa', 'SW1A 1AA'],
    ['cash machine near M1 1AE', 'M1 1AE'],
    ['atm in M1', 'M1'],
    ['any cash machines in ec2?', 'EC2'],
    ['ATM W1', 'W1'],
    ['atm near 10001', '10001'],
    ['cashpoint near 94103-1234', '94103-1234'],
    ['ATM near Piccadilly Circus', 'Piccadilly Circus'],
    ['cash machine in Manchester city centre', 'Manchester city centre'],
    ['nearest atm to 221B Baker Street', '221B Baker Street'],
    ['nearest atm to 10 Downing Street, London please', '10 Downing Street, London'],
    ["atm around king's cross that is free", "king's cross"],
    ['is there a cashpoint close to the Eiffel Tower?', 'Eiffel Tower'],
    ['atm at the station', 'station'],
  ])('%s → %s', (text, place) => {
    expect(extractPlace(text)).toBe(place);
  });

  test.each([
    'ATM near me',
    'nearest cash machine',
    'cashpoints around here',
    'atm near my house',
    'spent in London',
    'how much at Tesco',
    'Q1 spending',
    'atm in March',
    'over 10000',
    'last 5 transactions',
    'hello',
    '',
  ])('no place in %j', (text) => {
    expect(extractPlace(text)).toBeUndefined();
  });
});
